// The four views of a project's map on the page (powermap/services/map_views.py): the header's
// *View* control chooses the project's decision chains, everyone at its customer, only the key
// members and the best paths to them, or what changed since a day. The changes view marks each
// changed person in front of the name (NEW, ▲ stance up, ▼ stance down, +cov / −cov coverage
// gained or lost, in colour and as text, so colour is never the only signal) and lists the changes
// in a table under the map. A customer chosen in *Map of* has one view: everyone there.
//
// Loaded before app.js; app.js calls loadView() to fetch a map and markView() once it is drawn.
// Like app.js, it builds elements with createElement and textContent only.
"use strict";

const CHANGE_MARKS = {
  new: { text: "NEW", colour: "#2166ac", words: "new person" },
  stance_up: { text: "\u25b2", colour: "#1a9850", words: "stance up" },
  stance_down: { text: "\u25bc", colour: "#d73027", words: "stance down" },
  coverage_gained: { text: "+cov", colour: "#2166ac", words: "coverage gained" },
  coverage_lost: { text: "\u2212cov", colour: "#d73027", words: "coverage lost" },
};
const SINCE_DAYS = 30; // the default `since`: the alerts' window before today
let viewed = null;

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function chosenView() {
  return document.getElementById("view").value;
}

// Each changed person's marks, in the order the API lists the changes.
function marksById(changes) {
  const marks = {};
  for (const change of changes ? changes.changes : []) {
    (marks[change.stakeholderId] = marks[change.stakeholderId] || []).push(change.kind);
  }
  return marks;
}

// The chosen view of a project (or a customer's map); marks go into the names before the layout
// runs, so the layout makes room for them.
async function loadView(kind, id) {
  viewed = null;
  const select = document.getElementById("view");
  select.disabled = kind !== "project";
  document.getElementById("since-label").hidden = kind !== "project" || chosenView() !== "changes";
  if (kind !== "project") {
    showChanges(null);
    return getJson(`/${kind}s/${encodeURIComponent(id)}/power-map`);
  }
  const params = new URLSearchParams({ view: chosenView() });
  if (chosenView() === "changes") params.set("since", document.getElementById("since").value);
  viewed = await getJson(`/projects/${encodeURIComponent(id)}/map-view?${params}`);
  showChanges(viewed.changes);
  const marks = marksById(viewed.changes);
  for (const node of viewed.powerMap.nodes) {
    if (marks[node.id]) node.name = `${marks[node.id].map((k) => CHANGE_MARKS[k].text).join(" ")} ${node.name}`;
  }
  return viewed.powerMap;
}

// Colours the changed people's labels on the drawn map (the text marks are already in the names).
function markView(map) {
  const marks = marksById(viewed && viewed.changes);
  for (const [id, kinds] of Object.entries(marks)) {
    map.getElementById(id).style({ color: CHANGE_MARKS[kinds[0]].colour, "font-weight": "bold" });
  }
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
}

function changeDetail(change) {
  const stance = (value) => value || "unknown";
  const names = (list) => list.join(", ") || "nobody";
  if (change.kind === "new") return `stance ${stance(change.toStance)}; covered by ${names(change.coveredByNow)}`;
  if (change.kind.startsWith("stance")) return `${stance(change.fromStance)} \u2192 ${stance(change.toStance)}`;
  return `covered by ${names(change.coveredByThen)} \u2192 ${names(change.coveredByNow)}`;
}

function showChanges(changes) {
  const panel = document.getElementById("changes-panel");
  panel.hidden = !changes;
  if (!changes) return;
  document.getElementById("changes-title").textContent = `Changes after ${changes.since} up to ${changes.until}`;
  const body = document.querySelector("#changes tbody");
  body.replaceChildren();
  for (const change of changes.changes) {
    const row = document.createElement("tr");
    row.dataset.kind = change.kind;
    const mark = CHANGE_MARKS[change.kind];
    const badge = document.createElement("td");
    const text = document.createElement("b");
    text.textContent = `${mark.text} ${mark.words}`;
    text.className = `mark ${change.kind}`;
    badge.appendChild(text);
    row.appendChild(badge);
    cell(row, change.name);
    cell(row, change.title || "");
    cell(row, changeDetail(change));
    cell(row, change.at ? change.at.slice(0, 10) : "");
    body.appendChild(row);
  }
  if (!changes.changes.length) {
    const row = document.createElement("tr");
    cell(row, "Nothing changed.");
    body.appendChild(row);
  }
}

function redrawView() {
  document.getElementById("since-label").hidden = chosenView() !== "changes";
  const scope = document.getElementById("scope").value;
  if (scope) window.powermap.chooseScope(scope).catch((e) => setStatus(e.message));
}

document.getElementById("since").value = isoDay(new Date(Date.now() - SINCE_DAYS * 86400000));
document.getElementById("view").addEventListener("change", redrawView);
document.getElementById("since").addEventListener("change", redrawView);
window.powermapViews = { viewed: () => viewed };
