"""Text as it is stored (pure Python): Unicode NFC, and no invisible or text-direction characters.

A name or a note that holds a right-to-left override (U+202E) or a zero-width space shows one thing
and sorts, matches and exports as another; such characters are refused wherever text enters.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters (Cf: the bidirectional embeddings, overrides and isolates U+202A-U+202E and
# U+2066-U+2069, the marks U+200E/U+200F and U+061C, zero-width U+200B-U+200D, U+2060, U+FEFF,
# the soft hyphen U+00AD...), controls (Cc), private use (Co), lone surrogates (Cs), and the line
# and paragraph separators (Zl, Zp).
HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs", "Zl", "Zp"})
LINE_BREAKS = frozenset("\n\r\t")  # allowed in multi-line text only
# Unicode's default-ignorable code points (DerivedCoreProperties.txt) that are marks or letters, not
# in the categories above, and show as nothing as well: the grapheme joiner, the Hangul fillers,
# Khmer and Mongolian invisible marks, the variation selectors.
IGNORABLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]")


def composed(text: str) -> str:
    """The text in Unicode NFC: и + U+0306 becomes й, as a keyboard that composes it would type."""
    return unicodedata.normalize("NFC", text)


def hidden_characters(text: str, multiline: bool = False) -> list[str]:
    """The invisible and text-direction characters of `text`, each once, in order."""
    if text.isprintable() and not IGNORABLE.search(text):  # the usual case, checked in C: printable
        return []  # excludes all of HIDDEN_CATEGORIES
    allowed = LINE_BREAKS if multiline else frozenset()
    found = dict.fromkeys(
        ch
        for ch in text
        if (unicodedata.category(ch) in HIDDEN_CATEGORIES or IGNORABLE.match(ch)) and ch not in allowed
    )
    return list(found)


def without_hidden(text: str, multiline: bool = False) -> str:
    hidden = set(hidden_characters(text, multiline))
    return "".join(ch for ch in text if ch not in hidden)


def code_points(characters: list[str]) -> str:
    return ", ".join(f"U+{ord(ch):04X}" for ch in characters)
