"""Inline SVG charts for the staff page: drawn on the server, no plotting library, nothing fetched."""

from __future__ import annotations

from html import escape

ANSWERED, NOT_COVERED, BAR = "#16a34a", "#f59e0b", "#3b82f6"


def columns(points: list[tuple[str, int]], title: str, width: int = 380, height: int = 220) -> str:
    """Vertical bars, one per point (a day or an hour), each with its count above it."""
    if not points:
        return ""
    top = max(n for _, n in points) or 1
    left, bottom, room = 8, 36, height - 36 - 22
    step = (width - 2 * left) / len(points)
    bar = max(4.0, min(48.0, step * 0.7))
    parts = []
    for i, (label, n) in enumerate(points):
        h = room * n / top
        x = left + i * step + (step - bar) / 2
        y = height - bottom - h
        parts.append(
            f'<g class="col"><title>{escape(label)}: {n}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{BAR}"/>'
            f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>'
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16:.1f}" text-anchor="middle" '
            f'class="axis">{escape(label)}</text></g>'
        )
    return _svg(title, width, height, "".join(parts))


def bars(rows: list[tuple[str, int]], title: str, width: int = 380) -> str:
    """Horizontal bars with their labels at the left: questions by language or by channel."""
    if not rows:
        return ""
    top = max(n for _, n in rows) or 1
    label_w, row_h = 150, 30
    height = row_h * len(rows) + 10
    room = width - label_w - 50
    parts = []
    for i, (label, n) in enumerate(rows):
        y = 5 + i * row_h
        w = room * n / top
        parts.append(
            f'<g class="bar"><title>{escape(label)}: {n}</title>'
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" fill="{BAR}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 19}">{n}</text></g>'
        )
    return _svg(title, width, height, "".join(parts))


def shares(rows: list[tuple[str, int, int]], title: str, legend: tuple[str, str], width: int = 380) -> str:
    """One 100 % bar per row, answered then not covered, with the answered share written on it."""
    if not rows:
        return ""
    label_w, row_h = 150, 30
    height = row_h * len(rows) + 34
    room = width - label_w - 10
    parts = []
    for i, (label, answered, not_covered) in enumerate(rows):
        total = answered + not_covered
        y = 5 + i * row_h
        a = room * answered / total if total else 0
        share = f"{answered / total:.0%}" if total else "-"
        parts.append(
            f'<g class="share"><title>{escape(label)}: {answered} / {total}</title>'
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{a:.1f}" height="{row_h - 10}" fill="{ANSWERED}"/>'
            f'<rect x="{label_w + a:.1f}" y="{y + 4}" width="{room - a:.1f}" height="{row_h - 10}" '
            f'fill="{NOT_COVERED}"/>'
            f'<text x="{label_w + 6}" y="{y + 19}" class="on-bar">{share}</text></g>'
        )
    y = height - 18
    parts.append(
        f'<rect x="{label_w}" y="{y}" width="12" height="12" fill="{ANSWERED}"/>'
        f'<text x="{label_w + 18}" y="{y + 11}">{escape(legend[0])}</text>'
        f'<rect x="{label_w + 110}" y="{y}" width="12" height="12" fill="{NOT_COVERED}"/>'
        f'<text x="{label_w + 128}" y="{y + 11}">{escape(legend[1])}</text>'
    )
    return _svg(title, width, height, "".join(parts))


def _svg(title: str, width: int, height: int, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="chart">'
            f'<title>{escape(title)}</title>{body}</svg>')
