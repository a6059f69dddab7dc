"""Charts drawn on the server as small SVG documents (pure Python; no JavaScript, nothing fetched).

Each chart is accompanied by its table on the page; the SVG has a <title> and <desc> so screen
readers announce it, and it scales to the width of a phone.
"""

from __future__ import annotations

from html import escape

PALETTE = ("#b02a37", "#e35d6a", "#fd7e14", "#ffc107", "#0d6efd", "#6ea8fe", "#20c997", "#adb5bd")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'  # attributes: the CSP forbids inline styles


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="chart" preserveAspectRatio="xMinYMin meet" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def bars(title: str, items: list[tuple[str, int]], colour: str = "#0d6efd", width: int = 520) -> str:
    """Horizontal bars, one per (label, value)."""
    label_w, row_h = 190, 24
    top = max((value for _label, value in items), default=0) or 1
    body = []
    for index, (label, value) in enumerate(items):
        y = index * row_h + 4
        length = round((width - label_w - 50) * value / top)
        body.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label[:32])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{length}" height="{row_h - 8}" fill="{colour}"/>'
            f'<text x="{label_w + length + 4}" y="{y + 15}">{value}</text>'
        )
    return _svg(width, len(items) * row_h + 8, title, body)


def stacked(title: str, rows: list[tuple[str, dict[str, int]]], series: list[tuple[str, str]], width: int = 560) -> str:
    """One horizontal bar per row, split into `series` ((key, label) in order), with a legend."""
    label_w, row_h = 150, 24
    top = max((sum(values.values()) for _label, values in rows), default=0) or 1
    body = []
    for index, (label, values) in enumerate(rows):
        y = index * row_h + 4
        x: float = label_w
        body.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label[:24])}</text>')
        for number, (key, name) in enumerate(series):
            value = values.get(key, 0)
            if value:
                length = (width - label_w - 40) * value / top
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{row_h - 8}" '
                    f'fill="{PALETTE[number % len(PALETTE)]}"><title>{escape(name)}: {value}</title></rect>'
                )
                x += length
        body.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{sum(values.values())}</text>')
    legend_y = len(rows) * row_h + 16
    for number, (_key, name) in enumerate(series):  # one legend entry per line: long names stay readable
        ly = legend_y + number * 18
        body.append(
            f'<rect x="10" y="{ly - 10}" width="12" height="12" fill="{PALETTE[number % len(PALETTE)]}"/>'
            f'<text x="28" y="{ly}">{escape(name[:70])}</text>'
        )
    return _svg(width, legend_y + len(series) * 18 + 4, title, body)


def columns(title: str, points: list[tuple[str, int, int]], names: tuple[str, str], width: int = 560) -> str:
    """Paired columns per month: (label, first value, second value), e.g. opened and assessed."""
    height, bottom, left = 200, 170, 30
    top = max((max(a, b) for _label, a, b in points), default=0) or 1
    step = (width - left - 10) / max(len(points), 1)
    body = [f'<line x1="{left}" y1="{bottom}" x2="{width - 5}" y2="{bottom}" stroke="#6c757d"/>']
    for index, (label, first, second) in enumerate(points):
        x = left + index * step
        for offset, (value, colour) in enumerate(((first, PALETTE[4]), (second, PALETTE[6]))):
            h = (bottom - 20) * value / top
            body.append(
                f'<rect x="{x + 3 + offset * step * 0.4:.1f}" y="{bottom - h:.1f}" width="{step * 0.38:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(label)}: {value}</title></rect>'
            )
        body.append(f'<text x="{x + step / 2:.1f}" y="{bottom + 14}" text-anchor="middle">{escape(label[-5:])}</text>')
    for offset, (name, colour) in enumerate(zip(names, (PALETTE[4], PALETTE[6]), strict=False)):
        body.append(
            f'<rect x="{left + offset * 200}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{left + 16 + offset * 200}" y="14">{escape(name)}</text>'
        )
    return _svg(width, height, title, body)
