"""The power map drawn as one SVG, readable in ten seconds and printable.

People stand in columns by org unit, senior first. Stance is the fill colour, influence the size;
a blue ring means covered, a red dashed ring an uncovered key member; a dark badge names the
competitor a person leans to. Reports-to lines are grey, influence arrows blue and curved,
conflicts red and dotted. No script, no fonts or images from outside: the file stands alone.
"""

from collections import defaultdict
from html import escape

from powermap.models.power_map import MapStakeholder, PowerMap
from powermap.vocab import Stance

STANCE_COLOURS = {
    Stance.CHAMPION: "#1a9850", Stance.SUPPORTER: "#91cf60", Stance.NEUTRAL: "#d9d9d9",
    Stance.SKEPTIC: "#fc8d59", Stance.OPPONENT: "#d73027", None: "#ffffff",
}
LEVEL_ORDER = {"c_level": 0, "vp": 1, "director": 2, "manager": 3, "staff": 4, None: 5}
COLUMN, ROW, TOP, LEFT = 190, 96, 60, 20


def _radius(person: MapStakeholder) -> float:
    return 10 + 4 * person.influence


def _layout(power_map: PowerMap) -> tuple[dict[str, tuple[float, float]], list[str]]:
    columns: dict[str, list[MapStakeholder]] = defaultdict(list)
    for person in power_map.stakeholders:
        columns[person.org_unit.name if person.org_unit else "(no unit)"].append(person)
    order = sorted(columns, key=lambda unit: (-max(p.influence for p in columns[unit]), unit))
    places: dict[str, tuple[float, float]] = {}
    for index, unit in enumerate(order):
        people = sorted(columns[unit], key=lambda p: (LEVEL_ORDER.get(p.level, 5), -p.influence, p.name))
        for row, person in enumerate(people):
            places[person.id] = (LEFT + COLUMN * index + COLUMN / 2, TOP + 40 + ROW * row)
    return places, order


def _edges(power_map: PowerMap, places: dict[str, tuple[float, float]]) -> list[str]:
    drawn = []
    radius = {p.id: _radius(p) for p in power_map.stakeholders}
    for edge in power_map.edges:
        if edge.source not in places or edge.target not in places:
            continue
        (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
        if edge.type == "REPORTS_TO":
            drawn.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
                         'stroke="#9e9e9e" stroke-width="1.5"/>')
        elif edge.type == "CONFLICTS_WITH":
            drawn.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
                         'stroke="#d73027" stroke-width="2.5" stroke-dasharray="2 5" stroke-linecap="round"/>')
        elif edge.type == "INFLUENCES":
            length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
            end_x = x2 - (x2 - x1) / length * (radius[edge.target] + 6)
            end_y = y2 - (y2 - y1) / length * (radius[edge.target] + 6)
            bend_x, bend_y = (x1 + end_x) / 2 + (y1 - end_y) * 0.2, (y1 + end_y) / 2 + (end_x - x1) * 0.2
            width = 1 + 3 * (edge.strength or 0.5)
            drawn.append(f'<path d="M{x1:.0f},{y1:.0f} Q{bend_x:.0f},{bend_y:.0f} {end_x:.0f},{end_y:.0f}" '
                         f'fill="none" stroke="#4575b4" stroke-width="{width:.1f}" stroke-opacity="0.75" '
                         'marker-end="url(#arrow)"/>')
    return drawn


def _person(person: MapStakeholder, x: float, y: float) -> str:
    r = _radius(person)
    stance = person.stance
    parts = [f'<g class="person" data-id="{escape(person.id)}">']
    tooltip = [f"{person.name}, {person.title or ''}", f"stance {stance or 'unknown'}, influence {person.influence}"]
    tooltip += [f"known by {c.name} ({c.strength:g})" for c in person.covered_by]
    parts.append(f"<title>{escape(' | '.join(tooltip))}</title>")
    if person.covered:
        parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r + 5:.0f}" fill="none" stroke="#2166ac" stroke-width="3.5"/>')
    elif person.is_key_member:
        parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r + 5:.0f}" fill="none" stroke="#d73027" '
                     'stroke-width="2.5" stroke-dasharray="5 4"/>')
    dash = ' stroke-dasharray="3 3"' if stance is None else ""
    parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:.0f}" fill="{STANCE_COLOURS[stance]}" '
                 f'stroke="#424242" stroke-width="1.2"{dash}/>')
    if stance is None:
        parts.append(f'<text x="{x:.0f}" y="{y + 5:.0f}" text-anchor="middle" font-size="14" fill="#616161">?</text>')
    if person.competitor_aligned:
        badge = person.competitor_alignment[0].name[:1].upper()
        bx, by = x + r * 0.8, y - r * 0.8
        parts.append(f'<rect x="{bx - 8:.0f}" y="{by - 8:.0f}" width="16" height="16" rx="3" fill="#212121"/>'
                     f'<text x="{bx:.0f}" y="{by + 4:.0f}" text-anchor="middle" font-size="11" '
                     f'font-weight="bold" fill="#ffffff">{escape(badge)}</text>')
    weight = "bold" if person.is_key_member else "normal"
    parts.append(f'<text x="{x:.0f}" y="{y + r + 18:.0f}" text-anchor="middle" font-size="12" '
                 f'font-weight="{weight}" paint-order="stroke" stroke="#ffffff" stroke-width="3">{escape(person.name)}</text>')
    roles = ", ".join(sorted({role.role.value.replace("_", " ") for role in person.roles}))
    subtitle = roles or (person.title or "")
    parts.append(f'<text x="{x:.0f}" y="{y + r + 31:.0f}" text-anchor="middle" font-size="10" '
                 f'fill="#616161" paint-order="stroke" stroke="#ffffff" stroke-width="3">{escape(subtitle[:30])}</text>')
    parts.append("</g>")
    return "".join(parts)


def _legend(y: float) -> str:
    items = []
    x = LEFT
    for stance in (*Stance, None):
        items.append(f'<circle cx="{x + 8}" cy="{y}" r="8" fill="{STANCE_COLOURS[stance]}" stroke="#424242"/>'
                     f'<text x="{x + 20}" y="{y + 4}" font-size="11">{stance or "unknown"}</text>')
        x += 95
    y2 = y + 26
    items.append(
        f'<circle cx="{LEFT + 8}" cy="{y2}" r="8" fill="none" stroke="#2166ac" stroke-width="3.5"/>'
        f'<text x="{LEFT + 22}" y="{y2 + 4}" font-size="11">covered</text>'
        f'<circle cx="{LEFT + 103}" cy="{y2}" r="8" fill="none" stroke="#d73027" stroke-width="2.5" stroke-dasharray="5 4"/>'
        f'<text x="{LEFT + 117}" y="{y2 + 4}" font-size="11">uncovered key member</text>'
        f'<rect x="{LEFT + 262}" y="{y2 - 8}" width="16" height="16" rx="3" fill="#212121"/>'
        f'<text x="{LEFT + 284}" y="{y2 + 4}" font-size="11">leans to a competitor</text>'
        f'<line x1="{LEFT + 420}" y1="{y2}" x2="{LEFT + 460}" y2="{y2}" stroke="#9e9e9e" stroke-width="1.5"/>'
        f'<text x="{LEFT + 466}" y="{y2 + 4}" font-size="11">reports to</text>'
        f'<line x1="{LEFT + 540}" y1="{y2}" x2="{LEFT + 580}" y2="{y2}" stroke="#4575b4" stroke-width="2.5" '
        f'marker-end="url(#arrow)"/><text x="{LEFT + 588}" y="{y2 + 4}" font-size="11">influences</text>'
        f'<line x1="{LEFT + 660}" y1="{y2}" x2="{LEFT + 700}" y2="{y2}" stroke="#d73027" stroke-width="2.5" '
        f'stroke-dasharray="2 5" stroke-linecap="round"/><text x="{LEFT + 706}" y="{y2 + 4}" font-size="11">conflict</text>'
        f'<text x="{LEFT}" y="{y2 + 26}" font-size="11" fill="#616161">size = influence 1-5; bold = decision maker '
        'or approver</text>'
    )
    return "".join(items)


def power_map_svg(power_map: PowerMap) -> str:
    """The map as a standalone SVG element."""
    places, units = _layout(power_map)
    rows = max((sum(1 for p in power_map.stakeholders
                    if (p.org_unit.name if p.org_unit else "(no unit)") == unit) for unit in units), default=1)
    width = max(LEFT * 2 + COLUMN * max(len(units), 1), 800)
    legend_y = TOP + 40 + ROW * rows + 10
    height = legend_y + 70
    headers = [f'<text x="{LEFT + COLUMN * i + COLUMN / 2:.0f}" y="{TOP - 20}" text-anchor="middle" '
               f'font-size="12" font-weight="bold" fill="#37474f">{escape(unit[:26])}</text>'
               f'<rect x="{LEFT + COLUMN * i + 6}" y="{TOP - 8}" width="{COLUMN - 12}" '
               f'height="{ROW * rows + 20}" rx="8" fill="#f5f7fa" stroke="#e0e0e0"/>'
               for i, unit in enumerate(units)]
    people = [_person(p, *places[p.id]) for p in power_map.stakeholders]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="Helvetica, Arial, sans-serif" role="img" '
        f'aria-label="Power map of {escape(power_map.scope.name)}">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4575b4"/></marker></defs>'
        + "".join(headers) + "".join(_edges(power_map, places)) + "".join(people) + _legend(legend_y)
        + "</svg>"
    )
