// The power-map page: reads the Powermap API and draws with Cytoscape (served from the project's
// own npm install, never a CDN). State lives in a few variables; every view is redrawn from the API.
//
// Two rules keep a hostile name or note from running script here, and a script from stealing access:
// - Data reaches the page only as text: elements are built with createElement and filled with
//   textContent (never innerHTML), and Cytoscape draws labels on a canvas. The server's
//   Content-Security-Policy refuses inline script as a second line of defence.
// - Credentials are sent once and never stored: an account's e-mail and password to
//   POST /api/v1/session/password (signin.js), or an API key to POST /api/v1/session. The answer is an
//   HttpOnly session cookie that the browser sends with every call and no script can read.
// - Editing (edit.js) and signing in with an account (signin.js) live in their own files; this one
//   announces what they need as DOM events: `powermap:signed-in` (who) and `powermap:map` (the map shown).
"use strict";

const API = "/api/v1";
const STANCE_COLOURS = {
  champion: "#1a9850", supporter: "#91cf60", neutral: "#d9d9d9", skeptic: "#fc8d59", opponent: "#d73027",
};
let cy = null;
let lineageCy = null;
let currentScope = null;
let highlighted = [];

const SIGN_IN_HINT = "Sign in with your account's e-mail and password (powermap accounts create), or with an API key "
  + "(powermap keys create, or the development key make serve prints)";

function showSignIn(signedIn) {
  document.getElementById("account-form").hidden = signedIn;
  document.getElementById("key-form").hidden = signedIn;
  document.getElementById("sign-out").hidden = !signedIn;
}

async function getJson(path) {
  const response = await powermapFetch(API + path);
  if (response.status === 401) {
    showSignIn(false);
    throw new Error(SIGN_IN_HINT);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.detail || `${response.status} on ${path}`);
  }
  return response.json();
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

async function loadScopes() {
  const select = document.getElementById("scope");
  select.querySelectorAll("optgroup").forEach((group) => group.remove());
  const [customers, projects] = await Promise.all([
    getJson("/customers?limit=200"), getJson("/projects?limit=200"),
  ]);
  for (const [label, items, kind] of [["Projects", projects.items, "project"], ["Customers", customers.items, "customer"]]) {
    const group = document.createElement("optgroup");
    group.label = label;
    for (const item of items) {
      const option = document.createElement("option");
      option.value = `${kind}:${item.id}`;
      option.textContent = kind === "project" ? `${item.name} (${item.stage})` : item.name;
      group.appendChild(option);
    }
    select.appendChild(group);
  }
}

const STANCE_SIGNS = { champion: "++", supporter: "+", neutral: "0", skeptic: "\u2212", opponent: "\u2212\u2212" };

// Layered layout (ELK, through cytoscape-elk): reporting lines run top to bottom inside one box per
// org unit; our people sit in their own box above the customer's (they point down at whom they know),
// competitors below. Only reporting, knows and leaning lines shape the layers; influence and conflict
// lines are drawn over the result, so a rivalry never reorders the org chart.
const LAYERED = {
  name: "elk", nodeDimensionsIncludeLabels: true, fit: true, padding: 16, animate: false,
  elk: { algorithm: "layered", "elk.direction": "DOWN", "elk.hierarchyHandling": "INCLUDE_CHILDREN",
    "elk.layered.spacing.nodeNodeBetweenLayers": 40, "elk.spacing.nodeNode": 24, "elk.padding": "[top=28,left=12,bottom=12,right=12]",
    "elk.edgeRouting": "SPLINES", "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF" },
};
const SHAPING = "edge[type = 'REPORTS_TO'], edge[type = 'KNOWS'], edge[type = 'ALIGNED_WITH']";

const MAP_STYLE = [
  { selector: "node", style: { label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
    "text-outline-color": "#fff", "text-outline-width": 2, "text-wrap": "wrap", "text-max-width": 130,
    "font-family": "Helvetica, Arial, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" } },
  { selector: "node[kind = 'Stakeholder']", style: {
    "background-color": "data(colour)", width: "data(size)", height: "data(size)",
    "border-width": 1, "border-color": "#424242" } },
  { selector: "node[kind = 'Stakeholder'][!known]", style: { "border-style": "dashed", "border-width": 2 } },
  { selector: "node[kind = 'Stakeholder'][?covered]", style: { "border-width": 5, "border-color": "#2166ac" } },
  { selector: "node[kind = 'Stakeholder'][!covered][?isKeyMember]", style: {
    "border-width": 4, "border-color": "#d73027", "border-style": "dashed" } },
  { selector: "node[?isKeyMember]", style: { "font-weight": "bold" } },
  { selector: "node[kind = 'Employee']", style: { shape: "round-rectangle", "background-color": "#f79767",
    width: 26, height: 18 } },
  { selector: "node[kind = 'Competitor']", style: { shape: "diamond", "background-color": "#7b3294", width: 26, height: 26 } },
  { selector: ":parent", style: { shape: "round-rectangle", "background-color": "#f5f7fa", "border-color": "#b0bec5",
    "border-width": 1, "text-valign": "top", "text-halign": "center", "text-margin-y": -4, "font-weight": "bold",
    "font-size": 12, color: "#37474f" } },
  { selector: "edge", style: { width: 1.5, "curve-style": "bezier", "line-color": "#9e9e9e" } },
  { selector: "edge[type = 'REPORTS_TO']", style: { "curve-style": "taxi", "taxi-direction": "downward" } },
  { selector: "edge[type = 'INFLUENCES']", style: { "line-color": "#2166ac", "line-style": "dashed",
    width: "mapData(strength, 0, 1, 1, 5)", "target-arrow-shape": "triangle", "target-arrow-color": "#2166ac" } },
  { selector: "edge[type = 'CONFLICTS_WITH']", style: { "line-color": "#d73027", "line-style": "dotted", width: 3 } },
  { selector: "edge[type = 'KNOWS']", style: { "line-color": "#f39a6b", width: "mapData(strength, 0, 1, 1, 4)",
    "target-arrow-shape": "triangle", "target-arrow-color": "#f39a6b", opacity: 0.8 } },
  { selector: "edge[type = 'ALIGNED_WITH']", style: { "line-color": "#7b3294", "line-style": "dashed" } },
  { selector: ".faded", style: { opacity: 0.15 } },
  { selector: "node.path", style: { "overlay-color": "#f0b400", "overlay-opacity": 0.35, "overlay-padding": 6 } },
  { selector: "edge.path", style: { "line-color": "#f0b400", "target-arrow-color": "#f0b400", width: 6, "line-style": "solid" } },
];

// The first `words` that fit in `length` characters, with an ellipsis when cut (never mid-word).
function shorten(text, length) {
  if (text.length <= length) return text;
  const cut = text.slice(0, length + 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > length / 2 ? cut.slice(0, space) : text.slice(0, length)).trimEnd()}\u2026`;
}

function mapElements(powerMap) {
  const people = Object.fromEntries(powerMap.stakeholders.map((p) => [p.id, p]));
  const units = {};
  for (const person of powerMap.stakeholders) {
    if (person.orgUnit) units[person.orgUnit.id] = person.orgUnit.name;
  }
  const groups = [["group:units", null], ["group:ours", "Our people"], ["group:competitors", "Competitors"]];
  const nodes = groups.filter(([id]) => id !== "group:units")
    .map(([id, label]) => ({ data: { id, label, kind: "Group" } }))
    .concat(Object.entries(units).map(([id, name]) => ({ data: { id: `unit:${id}`, label: name, kind: "OrgUnit" } })));
  for (const node of powerMap.nodes) {
    const person = people[node.id];
    const sign = node.kind === "Stakeholder" ? ` [${STANCE_SIGNS[node.stance] || "?"}]` : "";
    const parent = node.kind === "Employee" ? "group:ours" : node.kind === "Competitor" ? "group:competitors"
      : person && person.orgUnit ? `unit:${person.orgUnit.id}` : undefined;
    nodes.push({ data: {
      id: node.id, kind: node.kind, parent, known: !!node.stance,
      label: node.title && node.kind === "Stakeholder" ? `${node.name}${sign}\n${shorten(node.title, 40)}` : `${node.name}${sign}`,
      colour: STANCE_COLOURS[node.stance] || "#ffffff", size: 22 + 9 * (node.influence || 1),
      covered: !!node.covered, isKeyMember: !!node.isKeyMember, details: person || node,
    } });
  }
  const used = new Set(nodes.filter((n) => n.data.kind !== "Group").map((n) => n.data.parent));
  const edges = powerMap.edges.map((edge, index) => ({ data: {
    id: `e${index}`, source: edge.source, target: edge.target, type: edge.type, strength: edge.strength || 0.5,
  } }));
  // A reports-to line joins a report to the boss; drawn and laid out boss -> report, so the boss is on top.
  for (const edge of edges) {
    if (edge.data.type === "REPORTS_TO") [edge.data.source, edge.data.target] = [edge.data.target, edge.data.source];
  }
  return nodes.filter((n) => n.data.kind !== "Group" || used.has(n.data.id)).concat(edges);
}
function describe(details) {
  const name = document.createElement("b");
  name.textContent = details.name;
  if (!details.roles) return [name, ` (${details.kind}${details.role ? ", " + details.role : ""})`];
  const roles = [...new Set(details.roles.map((r) => r.role))].join(", ") || "no chain role";
  const covered = details.coveredBy.filter((c) => c.covers).map((c) => `${c.name} ${c.strength}`).join(", ") || "nobody";
  const leaning = details.competitorAlignment.map((a) => `${a.name} ${a.strength}`).join(", ");
  const lines = [`role: ${roles}`, `stance: ${details.stance || "unknown"}, influence ${details.influence}`,
    `covered by: ${covered}`, details.singleThreaded ? "single-threaded" : "",
    details.stale ? "stale: no contact in 90 days" : "", leaning ? `leans to ${leaning}` : ""].filter(Boolean);
  const parts = [name, `, ${details.title || ""}`];
  for (const line of lines) parts.push(document.createElement("br"), line);
  return parts;
}

function drawMap(powerMap) {
  if (cy) cy.destroy();
  cy = cytoscape({ container: document.getElementById("map"), elements: mapElements(powerMap), style: MAP_STYLE });
  cy.nodes().union(cy.edges(SHAPING)).layout(LAYERED).run();
  const tooltip = document.getElementById("tooltip");
  cy.on("mouseover", "node", (event) => {
    const position = event.renderedPosition;
    tooltip.replaceChildren(...describe(event.target.data("details")));
    tooltip.style.left = `${position.x + 14}px`;
    tooltip.style.top = `${position.y + 14}px`;
    tooltip.hidden = false;
  });
  cy.on("mouseout", "node", () => { tooltip.hidden = true; });
  cy.on("tap", "node[kind = 'Stakeholder']", (event) => showPaths(event.target.id()));
}

function listTargets(powerMap) {
  const list = document.getElementById("targets");
  list.replaceChildren();
  for (const person of powerMap.stakeholders) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.dataset.target = person.id;
    button.className = person.isKeyMember ? "key" : "";
    button.textContent = `${person.name} (${person.title || "?"}) · ${person.stance || "unknown"}${person.covered ? "" : " · uncovered"}`;
    button.addEventListener("click", () => showPaths(person.id));
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function showPaths(targetId) {
  const params = new URLSearchParams({ target: targetId, k: "3" });
  if (currentScope && currentScope.kind === "project") params.set("project", currentScope.id);
  document.querySelectorAll("#targets button").forEach((b) => b.classList.toggle("active", b.dataset.target === targetId));
  const found = await getJson(`/influence-paths?${params}`);
  const list = document.getElementById("paths");
  list.replaceChildren();
  cy.elements().removeClass("path faded");
  highlighted = [];
  if (found.paths.length === 0) {
    const none = document.createElement("li");
    none.textContent = "No influence path within 4 steps.";
    list.appendChild(none);
    return;
  }
  for (const path of found.paths) {
    const item = document.createElement("li");
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = `score ${path.score.toFixed(2)}`;
    item.append(`${path.sentence} `, score);
    list.appendChild(item);
    for (const person of path.people) {
      if (cy.getElementById(person.id).empty()) {
        cy.add({ data: { id: person.id, kind: person.kind, label: person.name, colour: STANCE_COLOURS[person.stance] || "#fff",
          size: 30, details: person }, position: { x: 0, y: 0 } });
      }
      cy.getElementById(person.id).addClass("path");
      highlighted.push(person.id);
    }
    for (const edge of path.edges) {
      let drawn = cy.edges().filter((e) =>
        e.data("source") === edge.source && e.data("target") === edge.target && e.data("type") === edge.type);
      if (drawn.empty()) {
        drawn = cy.add({ data: { id: `p-${edge.source}-${edge.target}`, source: edge.source, target: edge.target,
          type: edge.type, strength: edge.strength } });
      }
      drawn.addClass("path");
    }
  }
  cy.elements().not(".path").addClass("faded");
}

function lineageElements(lineage) {
  const nodes = [];
  const edges = [];
  const columns = {};
  const add = (id, label, column, colour) => {
    if (nodes.some((n) => n.data.id === id)) return;
    columns[column] = (columns[column] || 0) + 1;
    nodes.push({ data: { id, label, colour }, position: { x: 40 + column * 230, y: 40 + (columns[column] - 1) * 80 } });
  };
  const link = (source, target) => edges.push({ data: { id: `${source}>${target}`, source, target } });
  const opportunity = lineage.opportunity;
  for (const insight of lineage.insights) {
    add(insight.id, `${insight.channel}: ${shorten(insight.summary, 70)}`, 1, "#d9c8ae");
    for (const activity of insight.surfacedBy) {
      add(activity.id, activity.title || activity.type, 0, "#e0e0e0");
      link(activity.id, insight.id);
    }
    if (opportunity) link(insight.id, opportunity.id);
  }
  if (opportunity) add(opportunity.id, opportunity.name, 2, "#ffe081");
  for (const decision of lineage.decisions) {
    const id = `${decision.planId}-${decision.decision}`;
    add(id, `${decision.year} plan: ${decision.decision}`, 3, decision.decision === "targeted" ? "#91cf60" : "#fc8d59");
    if (opportunity) link(opportunity.id, id);
  }
  for (const project of lineage.projects) {
    add(project.id, `${project.name} (${project.stage})`, 4, "#ecb5c9");
    for (const decision of lineage.decisions) link(`${decision.planId}-${decision.decision}`, project.id);
    if (!lineage.decisions.length && opportunity) link(opportunity.id, project.id);
    for (const contract of project.contracts) {
      add(contract.id, `contract ${Math.round(contract.value).toLocaleString()}`, 5, "#57c7e3");
      link(project.id, contract.id);
    }
  }
  return nodes.concat(edges);
}

async function showLineage() {
  const lineage = await getJson(`/projects/${encodeURIComponent(currentScope.id)}/lineage`);
  document.getElementById("lineage-panel").hidden = false;
  document.getElementById("lineage-title").textContent =
    `Lineage: ${lineage.opportunity ? lineage.opportunity.name : "no sandbox entry"} → ${lineage.projects.map((p) => p.name).join(", ")}`;
  if (lineageCy) lineageCy.destroy();
  lineageCy = cytoscape({ container: document.getElementById("lineage"), elements: lineageElements(lineage),
    layout: { name: "preset" }, style: [
      { selector: "node", style: { shape: "round-rectangle", width: 190, height: 52, "background-color": "data(colour)",
        label: "data(label)", "text-wrap": "wrap", "text-max-width": 180, "text-valign": "center", "font-size": 10 } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", width: 1.5 } },
    ] });
}

async function chooseScope(value) {
  if (!value) return;
  const kind = value.slice(0, value.indexOf(":"));
  const id = value.slice(value.indexOf(":") + 1);
  currentScope = { kind, id };
  setStatus("loading…");
  const powerMap = await loadView(kind, id); // views.js: the chosen view (a customer has one)
  drawMap(powerMap);
  markView(cy);
  listTargets(powerMap);
  document.getElementById("paths").replaceChildren();
  document.getElementById("show-lineage").disabled = kind !== "project";
  document.getElementById("lineage-panel").hidden = true;
  window.powermapAlerts.show(currentScope).catch((e) => setStatus(e.message));
  document.dispatchEvent(new CustomEvent("powermap:map", { detail: { scope: currentScope, powerMap } }));
  const s = powerMap.summary;
  setStatus(`${s.stakeholders} people, ${s.keyMembers} key members, ${s.covered} covered, ${s.stale} stale`);
}

window.powermap = { highlighted: () => [...highlighted], chooseScope, showPaths, start: () => start(), setStatus };

async function signIn(key) {
  const response = await powermapFetch(`${API}/session`, { method: "POST", headers: { Authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(response.status === 401 ? "That API key is unknown or revoked" : `sign-in failed (${response.status})`);
  return response.json();
}

async function start() {
  const who = await getJson("/session");
  showSignIn(true);
  document.getElementById("who").textContent = `${who.name} (${who.role})`;
  document.dispatchEvent(new CustomEvent("powermap:signed-in", { detail: who }));
  setStatus("");
  await loadScopes();
}

document.getElementById("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const field = document.getElementById("api-key");
  const key = field.value.trim();
  field.value = "";
  signIn(key).then(start).catch((e) => setStatus(e.message));
});
document.getElementById("sign-out").addEventListener("click", () => {
  powermapFetch(`${API}/session`, { method: "DELETE" }).finally(() => window.location.reload());
});
document.getElementById("scope").addEventListener("change", (event) => chooseScope(event.target.value).catch((e) => setStatus(e.message)));
document.getElementById("show-lineage").addEventListener("click", () => showLineage().catch((e) => setStatus(e.message)));
start().catch((error) => setStatus(error.message));
