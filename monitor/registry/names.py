"""Names across scripts: one key for Нурзада / Nurzada, Жоомарт / Zhoomart / Joomart,
Өмүрбек / Омурбек / Omurbek, and a similarity score for small spelling differences (pure Python).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# Step 1: Cyrillic (Kyrgyz, Russian, Uzbek) to Latin, one letter at a time. Kyrgyz Ө, Ү, Ң land on
# the same letters as the Russian look-alikes О, У, Н that Windows-1251 files use instead.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ү": "u",
    "ў": "u",
    "ф": "f",
    "х": "h",
    "ҳ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "a",
    "і": "i",
}
# Step 2: Latin spellings of the same sounds meet: dzh/dj/zh/j for Ж; kh/x/h for Х; q for Қ; and
# y/i/ii/iy for И, Ы, Й (transliterations disagree about all of these).
_DIGRAPHS = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("x", "h"),
    ("q", "k"),
    ("w", "v"),
    ("ph", "f"),
    ("tch", "ch"),
    ("ts", "s"),
    ("c(?!h)", "k"),
    ("y", "i"),
)
_VOWELS = set("aeiou")


def _strip_marks(text: str) -> str:
    """ö → o, ü → u, ñ → n, ş → s...: accents of Turkish-style Latin spellings are dropped."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The script-neutral key of a name: lowercase ASCII letters, long vowels and doubled letters
    collapsed (Kyrgyz long vowels are written single or double: Жоомарт / Jomart). NFKC first: е
    with a combining diaeresis is ё, and full-width or styled letters are the plain ones."""
    lowered = unicodedata.normalize("NFKC", text or "").lower().replace("ʻ", "").replace("'", "").replace("’", "")
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    latin = _strip_marks(latin).replace("ş", "sh").replace("ç", "ch")
    for pattern, replacement in _DIGRAPHS:
        latin = re.sub(pattern, replacement, latin)
    letters = re.sub(r"[^a-z]", "", latin)
    return re.sub(r"(.)\1+", r"\1", letters)


def skeleton(text: str) -> str:
    """A coarser key for finding candidates: the folded name without its vowels after the first letter."""
    key = fold(text)
    if not key:
        return ""
    rest = "".join(ch for ch in key[1:] if ch not in _VOWELS)
    return re.sub(r"(.)\1+", r"\1", key[0] + rest)


def _jaro(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(len(a), len(b)) // 2 - 1
    taken = [False] * len(b)
    matches_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not taken[j] and b[j] == ch:
                taken[j] = True
                matches_a.append(ch)
                break
    if not matches_a:
        return 0.0
    matches_b = [b[j] for j in range(len(b)) if taken[j]]
    transpositions = sum(x != y for x, y in zip(matches_a, matches_b, strict=True)) / 2
    m = len(matches_a)
    return (m / len(a) + m / len(b) + (m - transpositions) / m) / 3


def _jaro_winkler(a: str, b: str) -> float:
    score = _jaro(a, b)
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return score + prefix * 0.1 * (1 - score)


def similarity(a: str, b: str) -> float:
    """How alike two names are, in [0, 1], whatever script each is written in."""
    return _jaro_winkler(fold(a), fold(b))


def _key_similarity(a: str, b: str) -> float:
    return _jaro_winkler(a, b)


def full_name_similarity(surname_a: str, given_a: str, surname_b: str, given_b: str) -> float:
    """Both names compared, allowing surname and given name written the other way round."""
    sa, ga, sb, gb = fold(surname_a), fold(given_a), fold(surname_b), fold(given_b)
    straight = (_key_similarity(sa, sb) + _key_similarity(ga, gb)) / 2
    swapped = (_key_similarity(sa, gb) + _key_similarity(ga, sb)) / 2
    return max(straight, swapped)


def _token_score(token: str, key: str) -> float:
    if len(token) >= 3 and key.startswith(token):
        return max(0.9, _key_similarity(token, key))  # typing the start of a name finds it
    return _key_similarity(token, key)


def rank(query: str, candidates: Iterable[tuple[Any, str, str]], threshold: float = 0.8) -> list[tuple[Any, float]]:
    """Candidates (id, surname, given name) scored against a one- or two-word query, best first."""
    tokens = [fold(word) for word in query.replace(",", " ").split()]
    tokens = [t for t in tokens if t][:3]
    if not tokens:
        return []
    scored = []
    for item_id, surname, given_name in candidates:
        keys = (fold(surname), fold(given_name))
        if len(tokens) == 1:
            score = max(_token_score(tokens[0], key) for key in keys)
        else:
            straight = (_token_score(tokens[0], keys[0]) + _token_score(tokens[1], keys[1])) / 2
            swapped = (_token_score(tokens[0], keys[1]) + _token_score(tokens[1], keys[0])) / 2
            score = max(straight, swapped)
        if score >= threshold:
            scored.append((item_id, round(score, 3)))
    return sorted(scored, key=lambda pair: -pair[1])
