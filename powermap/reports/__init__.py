"""Readable renderings of the bid review: Markdown, and one self-contained printable HTML file.

Every value a client wrote (names, titles, ids, reasons, descriptions, path sentences) is escaped:
in HTML with `html.escape` (text and attributes); in Markdown, which passes raw HTML through,
`<`, `>` and `&` become entities and the characters that would start emphasis, code, a link, an
image, a heading or a table cell are backslash-escaped, and line breaks become spaces, so a value
stays one cell of one line and renders as the text that was typed. The HTML report has no script
and no style attribute; its one `<style>` block is allowed by hash in the API's
Content-Security-Policy (`api/headers.py`).
"""

import re
from html import escape

from powermap.models.bid_review import BidReview
from powermap.models.map_views import MapChange, MapChanges, MapView, ViewedMap
from powermap.models.power_map import PowerMap
from powermap.reports.svg import FONT_STACK, Mark, Marks, legend_svg, power_map_pages

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md(text: str) -> str:
    """A client's value as Markdown that renders as exactly that text, on one line."""
    plain = " ".join(escape(text, quote=False).splitlines())
    return MARKDOWN_SPECIAL.sub(r"\\\1", plain)


def _headline(review: BidReview) -> list[tuple[str, str]]:
    return [
        ("Map status", review.map_status.upper()),
        ("Gate", "PASSES" if review.gate.passes else "FAILS"),
        ("Key-member coverage", f"{review.coverage:.0%} ({review.covered_key_members} of {review.key_members})"),
        ("Support index", f"{round(review.support_index, 2) + 0:+.2f} (range -1..+1)"),
    ]


def bid_review_markdown(review: BidReview) -> str:
    """The report as Markdown, for a wiki page or an e-mail."""
    lines = [f"# Bid review: {md(review.project_name)} ({md(review.project_id)})", "",
             f"Stage **{md(review.stage)}**, report date {review.report_date}.", ""]
    lines += [f"- **{label}**: {value}" for label, value in _headline(review)]
    if review.gate.failing:
        lines += ["", "## Gate: failing conditions", ""] + [f"- {md(reason)}" for reason in review.gate.failing]
    if review.overrides:
        lines += ["", "## Gate overrides", ""] + [
            f"- {o.at:%Y-%m-%d} moved to {md(o.stage)} by {md(o.by or 'unknown')}: {md(o.reason)}"
            for o in review.overrides]
    lines += ["", "## Risks", "", "| risk | who / seat | reason |", "| --- | --- | --- |"]
    lines += [f"| {r.kind.replace('_', ' ')} | {md(r.stakeholder_name or f'{r.role} seat ({r.chain_id})')} | "
              f"{md(r.reason)} |" for r in review.risks]
    lines += ["", "## Recommended actions", "", "| key member | why | action | owner | best path |",
              "| --- | --- | --- | --- | --- |"]
    lines += [f"| {md(a.stakeholder_name)} | {md(a.why)} | {md(a.description)} | {md(a.suggested_owner_name or '-')} | "
              f"{md(a.path.sentence) + f' (score {a.path.score:.2f})' if a.path else 'none'} |"
              for a in review.actions]
    lines += ["", "## Power map", "", "| stakeholder | roles | influence | stance | covered by | flags |",
              "| --- | --- | --- | --- | --- | --- |"]
    for person in review.power_map.stakeholders:
        flags = [flag for flag, on in (("single-threaded", person.single_threaded), ("stale", person.stale),
                                       ("competitor-aligned", person.competitor_aligned)) if on]
        covered = ", ".join(f"{md(c.name)} {c.strength:g}" for c in person.covered_by if c.covers) or "-"
        roles = ", ".join(sorted({r.role.value for r in person.roles}))
        lines.append(f"| {md(person.name)} ({md(person.title or '')}) | {roles} | {person.influence} | "
                     f"{person.stance.value if person.stance else 'unknown'} | {covered} | {', '.join(flags)} |")
    return "\n".join(lines) + "\n"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


REPORT_CSS = f"""
@page {{ size: A4 landscape; margin: 10mm; }}
body {{ font-family: {FONT_STACK}; color: #263238; margin: 24px; max-width: 1400px; }}
h1 {{ margin: 0 0 4px; font-size: 22px; }} h2 {{ font-size: 16px; margin: 22px 0 8px; }}
.meta {{ color: #607d8b; margin-bottom: 14px; }}
.cards {{ display: flex; gap: 12px; flex-wrap: wrap; }}
.card {{ border: 1px solid #cfd8dc; border-radius: 8px; padding: 10px 14px; min-width: 170px; }}
.card .label {{ font-size: 11px; color: #607d8b; text-transform: uppercase; }}
.card .value {{ font-size: 20px; font-weight: bold; margin-top: 4px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ border-bottom: 1px solid #eceff1; padding: 5px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f5f7fa; }}
.fail {{ color: #d73027; }} .pass {{ color: #1a9850; }}
.status-red {{ color: #d73027; }} .status-amber {{ color: #f39c12; }} .status-green {{ color: #1a9850; }}
.legend {{ max-width: 100%; height: auto; }}
.map-page h3 {{ font-size: 13px; margin: 10px 0 4px; color: #455a64; }}
.map-page svg {{ display: block; max-width: 100%; height: auto; }}
.off-page {{ font-size: 12px; color: #455a64; margin: 4px 0 0; }}
@media print {{
  body {{ margin: 0; max-width: none; }}
  h2 {{ break-after: avoid; }}
  .map-page {{ break-inside: avoid; }} .map-page + .map-page {{ break-before: page; }}
  .after-map {{ break-before: page; }}
  tr {{ break-inside: avoid; }}
}}
"""


VIEW_TITLES = {
    MapView.CUSTOMER: "everyone at the customer",
    MapView.CHAINS: "the project's decision chains",
    MapView.KEY_PATHS: "only key members and the best paths to them",
    MapView.CHANGES: "what changed since the last review",
}
UP, DOWN, GAINED, LOST = "#1a9850", "#d73027", "#2166ac", "#d73027"


def _mark(change: MapChange) -> Mark:
    """The badge a change puts on the drawing: NEW, an arrow up or down, coverage plus or minus."""
    was = change.from_stance.value if change.from_stance else "unknown"
    return {"new": Mark("NEW", GAINED), "stance_up": Mark(f"\u25b2 was {was}", UP),
            "stance_down": Mark(f"\u25bc was {was}", DOWN), "coverage_gained": Mark("+ covered", GAINED),
            "coverage_lost": Mark("\u2212 coverage", LOST)}[change.kind]


def change_marks(changes: MapChanges) -> Marks:
    """Each changed person's badges, in the changes' order."""
    marks: dict[str, tuple[Mark, ...]] = {}
    for change in changes.changes:
        marks[change.stakeholder_id] = (*marks.get(change.stakeholder_id, ()), _mark(change))
    return marks


CHANGE_WORDS = {"new": "new person", "stance_up": "stance up", "stance_down": "stance down",
                "coverage_gained": "coverage gained", "coverage_lost": "coverage lost"}


def _change_detail(change: MapChange) -> str:
    if change.kind == "new":
        stance = change.to_stance.value if change.to_stance else "unknown"
        covered = ", ".join(change.covered_by_now) or "nobody"
        return f"stance {stance}; covered by {covered}"
    if change.kind in ("stance_up", "stance_down"):
        was = change.from_stance.value if change.from_stance else "unknown"
        now = change.to_stance.value if change.to_stance else "unknown"
        return f"{was} \u2192 {now}"
    return (f"covered by {', '.join(change.covered_by_then) or 'nobody'} \u2192 "
            f"{', '.join(change.covered_by_now) or 'nobody'}")


def _changes_section(changes: MapChanges) -> str:
    rows = [[escape(CHANGE_WORDS[c.kind]), escape(c.name), escape(c.title or ""), escape(_change_detail(c)),
             f"{c.at:%Y-%m-%d}" if c.at else ""] for c in changes.changes]
    counts = ", ".join(f"{n} {CHANGE_WORDS[kind]}" for kind, n in changes.counts.items() if n) or "nothing changed"
    return (f"<h2>Changes after {changes.since} up to {changes.until}</h2><p class=\"meta\">{escape(counts)}</p>"
            + _table(["change", "stakeholder", "title", "from \u2192 to", "when"], rows))


def _paths_section(viewed: ViewedMap) -> str:
    rows = [[escape(path.people[-1].name), escape(path.sentence), f"{path.score:.2f}"] for path in viewed.paths]
    return "<h2>Best paths to the key members</h2>" + _table(["key member", "path", "score"], rows)


def _map_pages(power_map: PowerMap, marks: Marks | None = None, with_employees: bool = False) -> str:
    pages = power_map_pages(power_map, marks=marks, with_employees=with_employees)
    sections = []
    for number, page in enumerate(pages, start=1):
        heading = (f"<h3>Page {number} of {len(pages)}: {escape(', '.join(page.units))}</h3>"
                   if len(pages) > 1 else "")
        off_page = "".join(f"<li>{escape(line)}</li>" for line in page.off_page)
        sections.append(f'<section class="map-page">{heading}{page.svg}'
                        + (f'<ul class="off-page">{off_page}</ul>' if off_page else "") + "</section>")
    return "".join(sections) or "<p>Nobody on this map yet.</p>"


def bid_review_html(review: BidReview, viewed: ViewedMap | None = None) -> str:
    """The report as one printable HTML file with the power map drawn inline (no scripts, no network);
    the map is the given view of the project (default: its decision chains, the review's own map)."""
    view = viewed.view if viewed else MapView.CHAINS
    paths_drawn = view is MapView.KEY_PATHS  # the employees the paths start from are drawn too
    drawn = viewed.power_map if viewed else review.power_map
    marks = change_marks(viewed.changes) if viewed and viewed.changes else None
    extra = (_changes_section(viewed.changes) if viewed and viewed.changes else
             _paths_section(viewed) if viewed and view is MapView.KEY_PATHS else "")
    mark_key = ('<p class="meta">Marks: NEW a person recorded since the review; \u25b2 / \u25bc stance moved up '
                "or down (was: the stance then); + covered / \u2212 coverage: coverage gained or lost</p>"
                if marks else "")
    cards = []
    for label, value in _headline(review):
        tone = f"status-{review.map_status}" if label == "Map status" else (
            "pass" if value == "PASSES" else "fail" if value == "FAILS" else "")
        cards.append(f'<div class="card"><div class="label">{escape(label)}</div>'
                     f'<div class="value {tone}">{escape(value)}</div></div>')
    failing = "".join(f'<li class="fail">{escape(reason)}</li>' for reason in review.gate.failing)
    overrides = "".join(f"<li>{o.at:%Y-%m-%d} moved to {escape(o.stage)} by {escape(o.by or 'unknown')}: "
                        f"{escape(o.reason)}</li>" for o in review.overrides)
    risks = _table(["risk", "who / seat", "reason"], [
        [escape(r.kind.replace("_", " ")), escape(r.stakeholder_name or f"{r.role} seat ({r.chain_id})"),
         escape(r.reason)] for r in review.risks])
    actions = _table(["key member", "why", "action", "suggested owner", "best influence path"], [
        [escape(a.stakeholder_name), escape(a.why), escape(a.description), escape(a.suggested_owner_name or "-"),
         escape(f"{a.path.sentence} (score {a.path.score:.2f})" if a.path else "none within reach")]
        for a in review.actions])
    people = _table(["stakeholder", "title", "roles", "influence", "stance", "covered by", "flags"], [
        [f"<b>{escape(p.name)}</b>" if p.is_key_member else escape(p.name), escape(p.title or ""),
         escape(", ".join(sorted({r.role.value for r in p.roles}))), str(p.influence),
         escape(p.stance.value if p.stance else "unknown"),
         escape(", ".join(f"{c.name} {c.strength:g}" for c in p.covered_by if c.covers) or "-"),
         escape(", ".join(f for f, on in (("single-threaded", p.single_threaded), ("stale", p.stale),
                                          ("competitor-aligned", p.competitor_aligned)) if on))]
        for p in review.power_map.stakeholders])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Bid review: {escape(review.project_name)}</title>
<style>{REPORT_CSS}</style></head>
<body>
<h1>Bid review: {escape(review.project_name)}</h1>
<div class="meta">{escape(review.project_id)} &middot; stage {escape(review.stage)} &middot; report date {review.report_date}</div>
<div class="cards">{"".join(cards)}</div>
{f"<h2>Gate: failing conditions</h2><ul>{failing}</ul>" if failing else ""}
{f"<h2>Gate overrides</h2><ul>{overrides}</ul>" if overrides else ""}
<h2>Power map: {escape(VIEW_TITLES[view])}</h2>
{legend_svg(with_employees=paths_drawn)}{mark_key}
{_map_pages(drawn, marks, with_employees=paths_drawn)}
<div class="after-map">{extra}</div>
<h2>Risks ({len(review.risks)})</h2>{risks}
<h2>Recommended actions</h2>{actions}
<h2>Stakeholders</h2>{people}
</body></html>
"""
