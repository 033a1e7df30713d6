"""The power map drawn as SVG pages an A4 landscape sheet prints with readable names.

The picture is the classic org chart: reporting lines as a tree, top to bottom, inside one box per
org unit; stance is the fill colour and also a sign in the circle (++ + 0 - -- ?, so colour is never
the only signal); influence is the size; a blue ring means covered, a red dashed ring an uncovered
key member. Influence arrows (blue), conflicts (red, dotted) and leanings to a competitor (purple,
dashed, to a diamond at the bottom) are drawn over the tree.

Layout is Graphviz `dot` (a layered, Sugiyama-style engine with clusters and spline routing),
chosen over a pure-Python layered layout (igraph's `layout_sugiyama`, grandalf) because only dot
groups nodes into clusters and routes edges around nodes; it is a Debian package (`graphviz`) that
`make serve`, `make test` and the Dockerfile install. dot computes places and edge curves only
(`-Tjson`); this module draws the SVG itself, so the drawing keeps the report's rules (presentation
attributes, no style attributes, everything escaped). The only client text dot sees is each org
unit's name, as an escaped DOT string, so that dot sizes the unit's box for its header (dot's own
estimate, one size up, is wide enough for Latin and CJK); people are generated node names with
sizes measured here.

Every person is one dot node whose box holds the circle, the ring and the wrapped name and role
lines, so dot keeps labels apart and routes lines around them. Rank: reporting lines go down; people
whose boss is not on the map stand on one row per seniority level (`level`), top to bottom. A boss
with many direct reports who manage nobody gets them on two staggered rows (as Graphviz's
`unflatten` does), so a wide team stays narrow.

Pages: A4 landscape with 10 mm margins prints 277 mm = 1047 CSS px wide; names are 12 units, so a
drawing up to `PAGE_WIDTH` units wide prints them at 8 pt or more. A wider map is split by org unit
into pages (units in order of seniority, packed greedily) rather than shrunk; lines to a person on
another page are listed under the drawing. A single unit wider than a page is scaled down on paper
(the only case in which names print below 8 pt).
"""

import json
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

from powermap.errors import PowermapError
from powermap.models.power_map import MapEdge, MapNode, MapStakeholder, PowerMap
from powermap.vocab import Stance

# Latin first (Helvetica/Arial/Liberation, then Noto), then the CJK faces of each platform; Noto Sans
# CJK is what the Dockerfile and the Makefile install where the product prints (the PDF).
FONT_STACK = ("Helvetica, Arial, 'Liberation Sans', 'Noto Sans', 'Noto Sans CJK SC', 'Noto Sans CJK JP', "
              "'Noto Sans CJK KR', 'PingFang SC', 'Hiragino Sans', 'Microsoft YaHei', 'Malgun Gothic', sans-serif")
STANCE_COLOURS = {
    Stance.CHAMPION: "#1a9850", Stance.SUPPORTER: "#91cf60", Stance.NEUTRAL: "#d9d9d9",
    Stance.SKEPTIC: "#fc8d59", Stance.OPPONENT: "#d73027", None: "#ffffff",
}
STANCE_SIGNS = {Stance.CHAMPION: "++", Stance.SUPPORTER: "+", Stance.NEUTRAL: "0", Stance.SKEPTIC: "\u2212",
                Stance.OPPONENT: "\u2212\u2212", None: "?"}
LEVEL_ORDER = {"c_level": 0, "vp": 1, "director": 2, "manager": 3, "staff": 4}
NAME_SIZE, DETAIL_SIZE, UNIT_SIZE = 12, 10, 13
LINE_GAP = 3
LABEL_WIDTH = 150  # a name or role line wraps beyond this many units
PAGE_WIDTH = 1170  # 1047 CSS px / (10.67 px (8 pt) / 12 units), rounded down
MARGIN = 12
NO_UNIT = "(no org unit)"
STAGGER_FROM = 5  # a boss with more direct reports than this who manage nobody gets two rows of them
REPORTS, INFLUENCES, CONFLICTS, ALIGNED, KNOWS = "#8d8d8d", "#2c5fa8", "#d73027", "#7b3294", "#e6803c"
EMPLOYEE_RADIUS = 9


Point = tuple[float, float]


class LayoutUnavailable(PowermapError):
    """The layout engine is not installed where the product runs."""

    status_code = 503


@dataclass(frozen=True)
class Mark:
    """A badge beside a person's name: what changed about them (NEW, \u25b2 up, \u25bc down, coverage)."""

    text: str
    colour: str


@dataclass(frozen=True)
class MapPage:
    """One printed page of the map: the org units it holds, its drawing, and lines leaving it."""

    units: list[str]
    svg: str
    off_page: list[str] = field(default_factory=list)


def _char_width(char: str, size: float) -> float:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return size
    return size * (0.33 if char in " il.,'|!" else 0.72 if char.isupper() or char in "mwMW" else 0.58)


def text_width(text: str, size: float) -> float:
    """A generous estimate of the drawn width (bold Helvetica; CJK a full em), so boxes never clip."""
    return sum(_char_width(char, size) for char in text)


def _pieces(text: str) -> list[str]:
    """Words, and each CJK character on its own (CJK text breaks between any two characters)."""
    pieces: list[str] = []
    for word in text.split():
        run = ""
        for char in word:
            if unicodedata.east_asian_width(char) in ("W", "F"):
                if run:
                    pieces.append(run)
                pieces.append(char)
                run = ""
            else:
                run += char
        if run:
            pieces.append(run)
    return pieces


def wrap(text: str, size: float, width: float = LABEL_WIDTH, lines: int = 2) -> list[str]:
    """At most `lines` lines of at most `width`, broken between words (never mid-word); an ellipsis
    ends a text cut short, and a single word longer than a line keeps its line to itself."""
    out: list[str] = []
    line = ""
    pieces = _pieces(text)
    for index, piece in enumerate(pieces):
        wide = unicodedata.east_asian_width(piece[0]) in ("W", "F")
        joined = line + ("" if not line or wide or _ends_wide(line) else " ") + piece
        if line and text_width(joined, size) > width:
            out.append(line)
            if len(out) == lines:
                out[-1] = out[-1] + "\u2026"
                return out
            line = piece
        else:
            line = joined
        if index == len(pieces) - 1:
            out.append(line)
    return out


def _ends_wide(text: str) -> bool:
    return unicodedata.east_asian_width(text[-1]) in ("W", "F")


@dataclass(frozen=True)
class _Box:
    """A person's drawing, measured: circle radius, text lines, and the box dot must keep clear."""

    person: MapStakeholder
    radius: float
    names: list[str]
    details: list[str]
    marks: tuple[Mark, ...] = ()

    @property
    def width(self) -> float:
        texts = [text_width(n, NAME_SIZE) for n in self.names] + [text_width(d, DETAIL_SIZE) for d in self.details]
        return max([2 * (self.radius + 8), *texts, _marks_width(self.marks)]) + 10

    @property
    def height(self) -> float:
        return 2 * (self.radius + 7) + len(self.names) * (NAME_SIZE + LINE_GAP) + (
            len(self.details) + bool(self.marks)) * (DETAIL_SIZE + LINE_GAP) + 6


def _box(person: MapStakeholder, marks: tuple[Mark, ...] = ()) -> _Box:
    roles = ", ".join(sorted({role.role.value.replace("_", " ") for role in person.roles}))
    return _Box(person, radius=9 + 3 * person.influence, names=wrap(person.name, NAME_SIZE),
                details=wrap(roles or person.title or "", DETAIL_SIZE, lines=1), marks=marks)


MARK_GAP = "  "


def _marks_width(marks: tuple[Mark, ...]) -> float:
    """Generous: an arrow may come from a CJK face, a full em wide."""
    text = MARK_GAP.join(mark.text for mark in marks)
    return text_width(text, DETAIL_SIZE) + sum(text.count(arrow) for arrow in "\u25b2\u25bc") * DETAIL_SIZE


def _unit(person: MapStakeholder) -> str:
    return person.org_unit.name if person.org_unit else NO_UNIT


def _dot_string(text: str) -> str:
    """A DOT string that reads as exactly this text (one line; quotes and backslashes escaped)."""
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class _Drawing:
    """dot's answer in SVG coordinates (y down)."""

    width: float
    height: float
    places: dict[str, tuple[float, float]]
    units: list[tuple[str, tuple[float, float, float, float, float, float]]]
    edges: list[tuple[MapEdge, str]]


def _run_dot(source: str) -> dict[str, Any]:
    dot = shutil.which("dot")
    if dot is None:
        raise LayoutUnavailable("drawing the power map needs Graphviz `dot` (Debian: apt-get install graphviz; "
                                "`make serve` and `make test` install it)")
    done = subprocess.run([dot, "-Tjson"], input=source.encode("utf-8"), capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        raise LayoutUnavailable("Graphviz dot could not lay out the map: " + done.stderr.decode("utf-8", "replace")[-300:])
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def _extra_size(node: MapNode) -> tuple[float, float]:
    """The box dot keeps clear for a competitor's diamond or one of our people, with the name below."""
    if node.kind == "Employee":
        return (max(text_width(node.name, NAME_SIZE), 2 * (EMPLOYEE_RADIUS + 8)) + 10,
                2 * (EMPLOYEE_RADIUS + 7) + NAME_SIZE + LINE_GAP + 6)
    return text_width(node.name, NAME_SIZE) + 10, 28 + NAME_SIZE + 8


def _dot_source(boxes: dict[str, _Box], edges: list[MapEdge], competitors: dict[str, MapNode]) -> str:
    names = {pid: f"p{index}" for index, pid in enumerate(boxes)}
    names.update({cid: f"c{index}" for index, cid in enumerate(competitors)})
    lines = ["digraph map {", "newrank=true; rankdir=TB; nodesep=0.25; ranksep=0.45; splines=true;",
             f'fontname="Helvetica"; fontsize={UNIT_SIZE + 1}; labeljust=c;',
             'node [shape=box, fixedsize=true, label=""]; edge [arrowhead=none];']
    by_unit: dict[str, list[str]] = defaultdict(list)
    for pid, box in boxes.items():
        by_unit[_unit(box.person)].append(pid)
    reporting = [e for e in edges if e.type == "REPORTS_TO"]
    has_boss = {e.source for e in reporting}
    for index, (unit, people) in enumerate(by_unit.items()):
        lines.append(f"subgraph cluster_{index} {{ label={_dot_string(unit)}; margin=8;")
        lines += [f"{names[p]} [width={boxes[p].width / 72:.3f}, height={boxes[p].height / 72:.3f}];" for p in people]
        lines.append("}")
    leaves_of: dict[str, list[str]] = defaultdict(list)
    managers = {e.target for e in reporting}
    for edge in reporting:
        if edge.source not in managers:
            leaves_of[edge.target].append(edge.source)
    for number, edge in enumerate(edges):
        if edge.type != "REPORTS_TO":
            continue
        leaves = leaves_of[edge.target]  # boss above report: the dot edge runs boss -> report
        staggered = len(leaves) > STAGGER_FROM and edge.source in leaves and leaves.index(edge.source) % 2 == 1
        lines.append(f"{names[edge.target]} -> {names[edge.source]} "
                     f"[id=e{number}, weight=4{', minlen=2' if staggered else ''}];")
    roots: dict[int, list[str]] = defaultdict(list)
    for pid, box in boxes.items():
        if pid not in has_boss and box.person.level in LEVEL_ORDER:
            roots[LEVEL_ORDER[box.person.level]].append(pid)
    previous = None
    for level in sorted(roots):  # one row per seniority level for people without a boss on the map
        lines.append(f"level{level} [width=0.01, height=0.01, style=invis];")
        lines.append(f"{{rank=same; level{level}; {' '.join(names[p] for p in roots[level])}}}")
        if previous is not None:
            lines.append(f"level{previous} -> level{level} [style=invis];")
        previous = level
    drawn_over = {"INFLUENCES": "constraint=false, arrowhead=normal", "CONFLICTS_WITH": "constraint=false",
                  "ALIGNED_WITH": "weight=0",  # competitors stand below the people who lean to them
                  "KNOWS": "weight=1"}  # our people stand above the people they know
    lines += [f"{names[edge.source]} -> {names[edge.target]} [id=e{number}, {drawn_over[edge.type]}];"
              for number, edge in enumerate(edges) if edge.type in drawn_over]
    lines += [f"{names[c]} [width={_extra_size(node)[0] / 72:.3f}, height={_extra_size(node)[1] / 72:.3f}];"
              for c, node in competitors.items()]
    lines.append("}")
    return "\n".join(lines)


def _points(pos: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",")[-2:] for p in pos.split())]


def _layout(boxes: dict[str, _Box], edges: list[MapEdge], competitors: dict[str, MapNode]) -> _Drawing:
    answer = _run_dot(_dot_source(boxes, edges, competitors))
    _, _, width, height = (float(v) for v in answer["bb"].split(","))
    by_name = {f"p{i}": pid for i, pid in enumerate(boxes)} | {f"c{i}": cid for i, cid in enumerate(competitors)}

    def flip(x: float, y: float) -> Point:  # dot's y grows upwards, SVG's downwards
        return x + MARGIN, height - y + MARGIN

    places, units = {}, []
    unit_names = list(dict.fromkeys(_unit(box.person) for box in boxes.values()))
    for obj in answer.get("objects", []):
        if obj["name"].startswith("cluster_"):
            x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))
            (left, top), (right, bottom) = flip(x0, y1), flip(x1, y0)
            units.append((unit_names[int(obj["name"][len("cluster_"):])],
                          (left, top, right, bottom, *flip(*_points(obj["lp"])[0]))))
        elif obj["name"] in by_name:
            places[by_name[obj["name"]]] = flip(*_points(obj["pos"])[0])
    curves = {e["id"]: e["pos"] for e in answer.get("edges", []) if e.get("id") and "pos" in e}
    edges_out = [(edge, _path(curves[f"e{number}"], flip)) for number, edge in enumerate(edges)
                 if f"e{number}" in curves]
    return _Drawing(width + 2 * MARGIN, height + 2 * MARGIN, places, units, edges_out)


def _path(pos: str, flip: Callable[[float, float], Point]) -> str:
    """An SVG path from dot's spline: its B-spline control points, then the arrow's tip when it has one."""
    parts = pos.split()
    tip = next((p for p in parts if p.startswith("e,")), None)
    points = [flip(*xy) for xy in _points(" ".join(p for p in parts if not p.startswith(("e,", "s,"))))]
    d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    for i in range(1, len(points) - 2, 3):
        (ax, ay), (bx, by), (cx, cy) = points[i:i + 3]
        d += f" C{ax:.1f},{ay:.1f} {bx:.1f},{by:.1f} {cx:.1f},{cy:.1f}"
    if tip:
        tx, ty = flip(*(float(v) for v in tip[2:].split(",")))
        d += f" L{tx:.1f},{ty:.1f}"
    return d


EDGE_STYLES = {
    "REPORTS_TO": f'stroke="{REPORTS}" stroke-width="1.6"',
    "INFLUENCES": f'stroke="{INFLUENCES}" stroke-opacity="0.85" marker-end="url(#arrow)"',
    "CONFLICTS_WITH": f'stroke="{CONFLICTS}" stroke-width="2.5" stroke-dasharray="1 5" stroke-linecap="round"',
    "ALIGNED_WITH": f'stroke="{ALIGNED}" stroke-width="1.5" stroke-dasharray="7 4"',
    "KNOWS": f'stroke="{KNOWS}" stroke-opacity="0.9"',
}


def _edge(edge: MapEdge, d: str) -> str:
    thinnest = {"INFLUENCES": 1.0, "KNOWS": 2.0}.get(edge.type)
    width = f' stroke-width="{thinnest + 2.5 * (edge.strength or 0.5):.1f}"' if thinnest else ""
    return (f'<path class="edge" data-type="{edge.type}" data-source="{escape(edge.source)}" '
            f'data-target="{escape(edge.target)}" d="{d}" fill="none" {EDGE_STYLES[edge.type]}{width}/>')


def _person(box: _Box, x: float, y: float) -> str:
    person, r = box.person, box.radius
    top = y - box.height / 2
    cy = top + r + 7
    stance = person.stance
    tooltip = [f"{person.name}, {person.title or ''}", f"stance {stance or 'unknown'}, influence {person.influence}"]
    tooltip += [f"known by {c.name} ({c.strength:g})" for c in person.covered_by]
    tooltip += [f"leans to {a.name} ({a.strength:g})" for a in person.competitor_alignment]
    parts = [f'<g class="person" data-id="{escape(person.id)}" data-x="{x - box.width / 2:.1f}" '
             f'data-y="{top:.1f}" data-width="{box.width:.1f}" data-height="{box.height:.1f}">',
             f"<title>{escape(' | '.join(tooltip))}</title>"]
    if person.covered:
        parts.append(f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="{r + 5:.1f}" fill="none" stroke="#2166ac" '
                     'stroke-width="3.5"/>')
    elif person.is_key_member:
        parts.append(f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="{r + 5:.1f}" fill="none" stroke="#d73027" '
                     'stroke-width="2.5" stroke-dasharray="5 4"/>')
    dash = ' stroke-dasharray="3 3"' if stance is None else ""
    parts.append(f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{STANCE_COLOURS[stance]}" '
                 f'stroke="#424242" stroke-width="1.2"{dash}/>')
    sign_colour = "#ffffff" if stance in (Stance.CHAMPION, Stance.OPPONENT) else "#263238"
    parts.append(f'<text x="{x:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11" font-weight="bold" '
                 f'fill="{sign_colour}">{STANCE_SIGNS[stance]}</text>')
    line_y = cy + r + 7 + NAME_SIZE
    weight = "bold" if person.is_key_member else "normal"
    for name in box.names:
        parts.append(f'<text class="name" x="{x:.1f}" y="{line_y:.1f}" text-anchor="middle" font-size="{NAME_SIZE}" '
                     f'font-weight="{weight}" fill="#212121">{escape(name)}</text>')
        line_y += NAME_SIZE + LINE_GAP
    for detail in box.details:
        parts.append(f'<text class="detail" x="{x:.1f}" y="{line_y - 2:.1f}" text-anchor="middle" '
                     f'font-size="{DETAIL_SIZE}" fill="#546e7a">{escape(detail)}</text>')
        line_y += DETAIL_SIZE + LINE_GAP
    if box.marks:
        spans = "".join(f'<tspan fill="{mark.colour}">{escape(mark.text)}{MARK_GAP if i < len(box.marks) - 1 else ""}'
                        '</tspan>' for i, mark in enumerate(box.marks))
        parts.append(f'<text class="detail mark" x="{x:.1f}" y="{line_y - 2:.1f}" text-anchor="middle" '
                     f'font-size="{DETAIL_SIZE}" font-weight="bold" xml:space="preserve">{spans}</text>')
    parts.append("</g>")
    return "".join(parts)


def _competitor(node: MapNode, x: float, y: float) -> str:
    return (f'<g class="competitor" data-id="{escape(node.id)}"><title>{escape(node.name)} (competitor)</title>'
            f'<path d="M{x:.1f},{y - 20:.1f} L{x + 14:.1f},{y - 6:.1f} L{x:.1f},{y + 8:.1f} L{x - 14:.1f},{y - 6:.1f} z" '
            f'fill="{ALIGNED}"/><text x="{x:.1f}" y="{y + 24:.1f}" text-anchor="middle" font-size="{NAME_SIZE}" '
            f'font-weight="bold" fill="{ALIGNED}">{escape(node.name)}</text></g>')


def _employee(node: MapNode, x: float, y: float) -> str:
    """One of ours on a path: an orange disc and the name below (measured like a person)."""
    width, height = _extra_size(node)
    top = y - height / 2
    cy = top + EMPLOYEE_RADIUS + 7
    return (f'<g class="person employee" data-id="{escape(node.id)}" data-x="{x - width / 2:.1f}" '
            f'data-y="{top:.1f}" data-width="{width:.1f}" data-height="{height:.1f}">'
            f"<title>{escape(node.name)} ({escape(node.role or 'ours')})</title>"
            f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="{EMPLOYEE_RADIUS}" fill="{KNOWS}" stroke="#424242"/>'
            f'<text class="name" x="{x:.1f}" y="{cy + EMPLOYEE_RADIUS + 7 + NAME_SIZE:.1f}" text-anchor="middle" '
            f'font-size="{NAME_SIZE}" fill="#212121">{escape(node.name)}</text></g>')


def _unit_box(label: str, box: tuple[float, float, float, float, float, float]) -> str:
    left, top, right, bottom, header_x, header_y = box
    return (f'<g class="unit"><rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
            f'height="{bottom - top:.1f}" rx="8" fill="#f5f7fa" stroke="#d5dbe1"/>'
            f'<text class="unit-name" x="{header_x:.1f}" y="{header_y + UNIT_SIZE / 2 - 2:.1f}" '
            f'text-anchor="middle" font-size="{UNIT_SIZE}" font-weight="bold" fill="#37474f">{escape(label)}</text></g>')


DEFS = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INFLUENCES}"/></marker>'
        '</defs>')


def _svg(title: str, drawing: _Drawing, boxes: dict[str, _Box], competitors: dict[str, MapNode]) -> str:
    units = [_unit_box(label, box) for label, box in drawing.units]
    people = [_person(box, *drawing.places[pid]) for pid, box in boxes.items()]
    rivals = [(_employee if node.kind == "Employee" else _competitor)(node, *drawing.places[cid])
              for cid, node in competitors.items()]
    edges = [_edge(edge, d) for edge, d in drawing.edges]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="power-map" viewBox="0 0 {drawing.width:.0f} '
            f'{drawing.height:.0f}" width="{drawing.width:.0f}" height="{drawing.height:.0f}" '
            f'font-family="{FONT_STACK}" role="img" aria-label="{escape(title)}">' + DEFS
            + "".join(units) + "".join(edges) + "".join(people) + "".join(rivals) + "</svg>")


Marks = Mapping[str, tuple[Mark, ...]]


def _draw(title: str, people: list[MapStakeholder], power_map: PowerMap, marks: Marks,
          with_employees: bool = False) -> tuple[str, float, list[MapEdge]]:
    """One drawing of these people (and of ours who know them, when asked); returns it, its width,
    and the edges that leave it."""
    boxes = {p.id: _box(p, marks.get(p.id, ())) for p in people}
    nodes = {n.id: n for n in power_map.nodes}
    inside, leaving = [], []
    for edge in power_map.edges:
        among = edge.source in boxes and (edge.target in boxes or (edge.type == "ALIGNED_WITH" and edge.target in nodes))
        known = with_employees and edge.type == "KNOWS" and edge.target in boxes and edge.source in nodes
        if among or known:
            inside.append(edge)
        elif edge.type in ("REPORTS_TO", "INFLUENCES", "CONFLICTS_WITH") and (
                edge.source in boxes) != (edge.target in boxes):
            leaving.append(edge)
    competitors = {e.target: nodes[e.target] for e in inside if e.type == "ALIGNED_WITH"}
    competitors |= {e.source: nodes[e.source] for e in inside if e.type == "KNOWS"}
    drawing = _layout(boxes, inside, competitors)
    return _svg(title, drawing, boxes, competitors), drawing.width, leaving


def _seniority(people: Iterable[MapStakeholder]) -> tuple[int, int]:
    group = list(people)
    return (min(LEVEL_ORDER.get(p.level or "", 5) for p in group), -max(p.influence for p in group))


def power_map_pages(power_map: PowerMap, *, page_width: float = PAGE_WIDTH, marks: Marks | None = None,
                    with_employees: bool = False) -> list[MapPage]:
    """The map as one or more pages, each at most `page_width` wide unless one unit alone is wider;
    `marks` puts badges under the people they name (what changed about them); `with_employees`
    draws the map's employees above the people they know (the key-paths view)."""
    marks = marks or {}
    by_unit: dict[str, list[MapStakeholder]] = defaultdict(list)
    for person in power_map.stakeholders:
        by_unit[_unit(person)].append(person)
    if not by_unit:
        return []
    title = f"Power map of {power_map.scope.name}"
    svg, width, _ = _draw(title, power_map.stakeholders, power_map, marks, with_employees)
    if width <= page_width:
        return [MapPage(units=list(by_unit), svg=svg)]
    order = sorted(by_unit, key=lambda unit: (*_seniority(by_unit[unit]), unit))
    widths = {unit: _draw(title, by_unit[unit], power_map, marks, with_employees)[1] for unit in order}
    groups: list[list[str]] = [[]]
    for unit in order:
        if groups[-1] and sum(widths[u] for u in groups[-1]) + widths[unit] > page_width:
            groups.append([])
        groups[-1].append(unit)
    drawn: list[tuple[list[str], str, list[MapEdge]]] = []
    while groups:
        group = groups.pop(0)
        people = [p for unit in group for p in by_unit[unit]]
        svg, width, leaving = _draw(f"{title}, {', '.join(group)}", people, power_map, marks, with_employees)
        if width > page_width and len(group) > 1:  # together they came out wider than apart: move one on
            groups.insert(0, group[-1:])
            groups.insert(0, group[:-1])
            continue
        drawn.append((group, svg, leaving))
    page_of = {unit: number for number, (group, _, _) in enumerate(drawn, start=1) for unit in group}
    people_by_id = {p.id: p for p in power_map.stakeholders}

    def named(person_id: str) -> str:
        person = people_by_id[person_id]
        return f"{person.name} (page {page_of[_unit(person)]})"

    return [MapPage(units=group, svg=svg, off_page=[f"{named(e.source)} {OFF_PAGE_VERBS[e.type]} {named(e.target)}"
                                                    for e in leaving]) for group, svg, leaving in drawn]


OFF_PAGE_VERBS = {"REPORTS_TO": "reports to", "INFLUENCES": "influences", "CONFLICTS_WITH": "is in conflict with"}


def legend_svg(with_employees: bool = False) -> str:
    """The key to the drawing, as one small SVG in two rows (it prints at its own size on A4)."""
    items, x = [], 6.0
    for stance in (*Stance, None):
        label = stance.value if stance else "unknown"
        dash = ' stroke-dasharray="3 3"' if stance is None else ""
        items.append(f'<circle cx="{x + 9}" cy="14" r="9" fill="{STANCE_COLOURS[stance]}" stroke="#424242"{dash}/>'
                     f'<text x="{x + 9}" y="18" text-anchor="middle" font-size="9" font-weight="bold">'
                     f'{STANCE_SIGNS[stance]}</text><text x="{x + 22}" y="18" font-size="12">{label}</text>')
        x += 34 + text_width(label, 12)
    items.append(f'<circle cx="{x + 9}" cy="14" r="8" fill="none" stroke="#2166ac" stroke-width="3.5"/>'
                 f'<text x="{x + 22}" y="18" font-size="12">covered</text>')
    x += 34 + text_width("covered", 12)
    items.append(f'<circle cx="{x + 9}" cy="14" r="8" fill="none" stroke="#d73027" stroke-width="2.5" '
                 f'stroke-dasharray="5 4"/><text x="{x + 22}" y="18" font-size="12">uncovered key member</text>')
    width, x = x + 30 + text_width("uncovered key member", 12), 6.0
    for kind, label in (("REPORTS_TO", "reports to (tree)"), ("INFLUENCES", "influences"),
                        ("CONFLICTS_WITH", "conflict"), ("ALIGNED_WITH", "leans to a competitor")):
        items.append(f'<path d="M{x},40 L{x + 34},40" fill="none" {EDGE_STYLES[kind]}/>'
                     f'<text x="{x + 40}" y="44" font-size="12">{label}</text>')
        x += 52 + text_width(label, 12)
    items.append(f'<path d="M{x + 9},28 L{x + 19},38 L{x + 9},48 L{x - 1},38 z" fill="{ALIGNED}"/>'
                 f'<text x="{x + 24}" y="44" font-size="12">competitor</text>')
    if with_employees:
        x += 34 + text_width("competitor", 12)
        items.append(f'<path d="M{x},40 L{x + 34},40" fill="none" {EDGE_STYLES["KNOWS"]} stroke-width="2.5"/>'
                     f'<circle cx="{x + 44}" cy="40" r="7" fill="{KNOWS}" stroke="#424242"/>'
                     f'<text x="{x + 56}" y="44" font-size="12">one of ours, knows</text>')
        width = max(width, x + 70 + text_width("one of ours, knows", 12))
    items.append('<text x="6" y="68" font-size="12" fill="#546e7a">size = influence 1-5; bold name = decision '
                 'maker or approver; the sign in a circle repeats the stance (++ champion to \u2212\u2212 '
                 'opponent, ? unknown)</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="legend" viewBox="0 0 {width:.0f} 76" '
            f'width="{width:.0f}" height="76" font-family="{FONT_STACK}" role="img" aria-label="legend">{DEFS}'
            + "".join(items) + "</svg>")
