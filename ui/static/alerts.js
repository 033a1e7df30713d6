// The alerts panel of the power-map page: a project's watch list (GET /api/v1/alerts?project=),
// each alert with its reason, the people involved and the suggested action with the best influence
// path. Like app.js, it builds elements and fills them with textContent only (never innerHTML): names
// and reasons are user data. app.js calls window.powermapAlerts.show(scope) when a map is chosen.
"use strict";

(function () {
  const TITLES = {
    silent: "Gone silent", stance_down: "Stance down", new_boss: "New boss", champion_left: "Champion left",
    tie_weakening: "Tie weakening", bid_gap_near_close: "Bid gap near close",
  };

  function line(className, text) {
    const element = document.createElement("div");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function item(alert) {
    const entry = document.createElement("li");
    entry.className = `alert ${alert.kind}`;
    entry.append(line("alert-title", `${TITLES[alert.kind] || alert.kind} · ${alert.triggeredOn}`),
      line("alert-reason", alert.reason));
    const people = alert.involved.map((person) => person.name).join(", ");
    if (people) entry.append(line("alert-people", `People: ${people}`));
    entry.append(line("alert-action", `Do: ${alert.action}`));
    if (alert.path) entry.append(line("alert-path", `Best path: ${alert.path.sentence}`));
    return entry;
  }

  async function show(scope) {
    const panel = document.getElementById("alerts-panel");
    const list = document.getElementById("alerts");
    list.replaceChildren();
    panel.hidden = !scope || scope.kind !== "project";
    if (panel.hidden) return;
    const response = await powermapFetch(`/api/v1/alerts?project=${encodeURIComponent(scope.id)}`);
    if (!response.ok) throw new Error(`${response.status} on the alerts of ${scope.id}`);
    const found = await response.json();
    if (found.alerts.length === 0) list.append(line("hint", "No alerts: nothing needs attention."));
    list.append(...found.alerts.map(item));
  }

  window.powermapAlerts = { show };
})();
