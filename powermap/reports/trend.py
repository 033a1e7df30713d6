"""A scorecard figure over the last periods, as a small standalone SVG line chart."""

from datetime import date
from html import escape

WIDTH, HEIGHT, PAD = 520, 220, 44


def trend_svg(title: str, points: list[tuple[date, float | None]]) -> str:
    """A line through the known values, a dot per period, a label per dot."""
    values = [v for _, v in points if v is not None]
    top = max(values, default=1.0) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value / top if top else 0)

    coordinates = [(PAD + i * step, y(v), v, day) for i, (day, v) in enumerate(points) if v is not None]
    line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _, _ in coordinates)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4" fill="#2166ac"/>'
        f'<text x="{x:.1f}" y="{yy - 9:.1f}" text-anchor="middle" font-size="11">{v:.3g}</text>'
        for x, yy, v, _ in coordinates)
    labels = "".join(
        f'<text x="{PAD + i * step:.1f}" y="{HEIGHT - PAD + 18}" text-anchor="middle" font-size="10" fill="#607d8b">'
        f"{day:%Y-%m-%d}</text>" for i, (day, _) in enumerate(points))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{escape(title)}">'
        f'<text x="{PAD}" y="22" font-size="13" font-weight="bold">{escape(title)}</text>'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#b0bec5"/>'
        f'<polyline points="{line}" fill="none" stroke="#2166ac" stroke-width="2"/>{dots}{labels}</svg>'
    )
