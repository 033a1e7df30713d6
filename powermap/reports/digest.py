"""The weekly alert digest (powermap/services/watch_list.py) as Markdown and as one HTML page, for a
mail, and as plain text for a terminal.

Names, reasons, actions and path sentences are user data: escaped as the bid review report escapes
them (`powermap.reports.md` for Markdown, `html.escape` for HTML), so a name typed as `<script>`
shows as that text. The HTML has no script and reuses the bid review's one `<style>` block, which the
API's Content-Security-Policy allows by hash. The terminal text turns control characters into spaces,
so a name cannot move the cursor or recolour the screen.
"""

import re
from html import escape

from powermap.models.signals import WatchAlert, WatchList
from powermap.reports import REPORT_CSS, md

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
TITLES = {"silent": "Gone silent", "stance_down": "Stance down", "new_boss": "New boss",
          "champion_left": "Champion left", "tie_weakening": "Tie weakening",
          "bid_gap_near_close": "Bid gap near close"}


def _scope(found: WatchList) -> str:
    parts = [f"{label} {value}" for label, value in (("team", found.team_id), ("employee", found.employee_id),
                                                      ("project", found.project_id)) if value]
    return ", ".join(parts) or "all customers"


def _people(alert: WatchAlert) -> str:
    return ", ".join(person.name for person in alert.involved) or "-"


def _path(alert: WatchAlert) -> str:
    if alert.path is not None:
        return f"{alert.path.sentence} (score {alert.path.score:.2f})"
    if alert.concerned_name:
        return f"no influence path to {alert.concerned_name} within reach"
    return ""


def _where(alert: WatchAlert) -> str:
    projects = [alert.project_id] if alert.project_id else alert.details.get("projectIds", [])
    return f"{alert.customer_id}" + (f" / {', '.join(projects)}" if projects else "")


def digest_markdown(found: WatchList) -> str:
    """The digest as Markdown: one section per alert, in the watch list's order."""
    since = f" since {found.since}" if found.since else ""
    lines = [f"# Relationship alerts: {md(_scope(found))}", "",
             f"Report date {found.report_date}; {len(found.alerts)} alerts triggered{since}.", ""]
    if not found.alerts:
        lines.append("Nothing needs attention.")
    for alert in found.alerts:
        lines += [f"## {TITLES[alert.kind]}: {md(alert.stakeholder_name or alert.project_id or '')}", "",
                  f"- **Where**: {md(_where(alert))}",
                  f"- **Triggered**: {alert.triggered_on}",
                  f"- **Reason**: {md(alert.reason)}",
                  f"- **People involved**: {md(_people(alert))}",
                  f"- **Suggested action**: {md(alert.action)}"]
        if path := _path(alert):
            lines.append(f"- **Best influence path**: {md(path)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _plain(text: str) -> str:
    """A value for a terminal: control characters (line breaks, escape sequences) become one space."""
    return CONTROL.sub(" ", text)


def digest_text(found: WatchList) -> str:
    """The watch list for a terminal: one block per alert."""
    since = f" since {found.since}" if found.since else ""
    lines = [f"Relationship alerts: {_scope(found)}; report date {found.report_date}; "
             f"{len(found.alerts)} alerts triggered{since}."]
    for alert in found.alerts:
        lines += ["", f"{TITLES[alert.kind].upper()}  {_where(alert)}  (triggered {alert.triggered_on})",
                  f"  reason:  {alert.reason}", f"  people:  {_people(alert)}", f"  action:  {alert.action}"]
        if path := _path(alert):
            lines.append(f"  path:    {path}")
    return "\n".join(_plain(line) for line in lines) + "\n"


def digest_html(found: WatchList) -> str:
    """The digest as one HTML page (no scripts, no network), for the body of a weekly mail."""
    since = f" since {found.since}" if found.since else ""
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in (
            TITLES[a.kind], _where(a), str(a.triggered_on), a.reason, _people(a), a.action, _path(a) or "-")) + "</tr>"
        for a in found.alerts)
    head = "".join(f"<th>{escape(h)}</th>" for h in ("alert", "where", "triggered", "reason", "people involved",
                                                      "suggested action", "best influence path"))
    body = (f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>" if found.alerts
            else "<p>Nothing needs attention.</p>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Relationship alerts: {escape(_scope(found))}</title>
<style>{REPORT_CSS}</style></head>
<body>
<h1>Relationship alerts: {escape(_scope(found))}</h1>
<div class="meta">report date {found.report_date} &middot; {len(found.alerts)} alerts triggered{escape(since)}</div>
{body}
</body></html>
"""
