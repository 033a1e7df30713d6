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
from powermap.reports.svg import FONT_STACK, legend_svg, power_map_pages

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


def _map_pages(review: BidReview) -> str:
    pages = power_map_pages(review.power_map)
    sections = []
    for number, page in enumerate(pages, start=1):
        heading = (f"<h3>Page {number} of {len(pages)}: {escape(', '.join(page.units))}</h3>"
                   if len(pages) > 1 else "")
        off_page = "".join(f"<li>{escape(line)}</li>" for line in page.off_page)
        sections.append(f'<section class="map-page">{heading}{page.svg}'
                        + (f'<ul class="off-page">{off_page}</ul>' if off_page else "") + "</section>")
    return "".join(sections) or "<p>Nobody on this map yet.</p>"


def bid_review_html(review: BidReview) -> str:
    """The report as one printable HTML file with the power map drawn inline (no scripts, no network)."""
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
<h2>Power map</h2>
{legend_svg()}
{_map_pages(review)}
<h2 class="after-map">Risks ({len(review.risks)})</h2>{risks}
<h2>Recommended actions</h2>{actions}
<h2>Stakeholders</h2>{people}
</body></html>
"""
