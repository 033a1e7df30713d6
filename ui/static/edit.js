// Editing the map on the page, for editors and admins: every change is one call to the same API any
// client uses, so the access policy judges it and the audit log records it (signed by the signed-in
// account's employee). The page adds no rule of its own:
// - A refused change shows the API's own problem message (`detail`) in #edit-message, an aria-live
//   region a screen reader announces.
// - Judging a person sends If-Match with the ETag read when the person was chosen: if someone changed
//   them since, the API answers 412 and the page says so instead of overwriting their change.
// - Adding a person, their reporting line and their seat is one POST /batch: all or nothing.
// - Everything is a plain form with labels, reachable and usable by keyboard alone; after a change the
//   map is redrawn from the API.
"use strict";

(() => {
  const API = "/api/v1";
  const STANCES = ["champion", "supporter", "neutral", "skeptic", "opponent"];
  const ROLES = ["decision_maker", "approver", "evaluator", "influencer", "user", "gatekeeper", "coach"];
  const ACTIVITY_TYPES = ["visit", "executive_visit", "hq_visit", "technical_exchange", "workshop",
    "bid_clarification", "other"];
  const CONFLICT = "Someone else changed this person since you opened them: reload the map (choose it again) "
    + "and redo your change. Nothing was saved.";
  const $ = (id) => document.getElementById(id);
  let who = null;
  let shown = null; // { scope, powerMap }
  let employees = [];
  let judged = null; // { id, etag } of the person the judgement form was opened on

  class Refused extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function call(method, path, body, headers = {}) {
    const response = await powermapFetch(API + path, {
      method,
      headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.ok) return { body: response.status === 204 ? null : await response.json(), etag: response.headers.get("ETag") };
    const problem = await response.json().catch(() => ({}));
    throw new Refused(response.status, response.status === 412 ? CONFLICT : (problem.detail || `${response.status} ${response.statusText}`));
  }

  function say(text, refused = false) {
    const message = $("edit-message");
    message.textContent = text;
    message.className = refused ? "refused" : "done";
  }

  function option(value, text) {
    const item = document.createElement("option");
    item.value = value;
    item.textContent = text;
    return item;
  }

  function fill(select, choices, optional) {
    const kept = select.value;
    select.replaceChildren(...(optional ? [option("", "(none)")] : []), ...choices.map(([v, t]) => option(v, t)));
    if ([...select.options].some((o) => o.value === kept)) select.value = kept;
  }

  const stanceText = (stance) => stance || "unknown";

  function fillForms() {
    const people = shown.powerMap.stakeholders;
    const units = new Map();
    for (const person of people) if (person.orgUnit) units.set(person.orgUnit.id, person.orgUnit);
    const choices = {
      people: people.map((p) => [p.id, `${p.name}${p.title ? ", " + p.title : ""} (${stanceText(p.stance)})`]),
      units: [...units.values()].map((u) => [`${u.kind}:${u.id}`, u.name]),
      chains: shown.powerMap.chains.map((c) => [c.id, c.kind.replaceAll("_", " ")]),
      employees: employees.map((e) => [e.id, `${e.name} (${e.role})`]),
      influence: ["1", "2", "3", "4", "5"].map((n) => [n, n]),
      stances: [["", "unknown"], ...STANCES.map((s) => [s, s])],
      roles: ROLES.map((r) => [r, r.replaceAll("_", " ")]),
      activityTypes: ACTIVITY_TYPES.map((t) => [t, t.replaceAll("_", " ")]),
    };
    for (const [data, list] of Object.entries(choices)) {
      const attribute = data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      document.querySelectorAll(`#edit select[data-${attribute}]`).forEach((s) => fill(s, list, s.hasAttribute("data-optional")));
    }
    if (!$("add-influence").dataset.touched) $("add-influence").value = "3";
    if (!$("activity-date").value) $("activity-date").value = new Date().toISOString().slice(0, 10);
  }

  async function redraw(message) {
    await window.powermap.chooseScope(`${shown.scope.kind}:${shown.scope.id}`);
    say(message);
  }

  // Every form: run its change, then redraw; a refusal is shown, never thrown away.
  function handle(formId, change) {
    $(formId).addEventListener("submit", (event) => {
      event.preventDefault();
      if (!shown) return say("Choose a customer or project first.", true);
      say("saving…");
      change().then(redraw).catch((error) => say(error.message, true));
    });
  }

  const newId = () => `stk-${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

  handle("add-person-form", async () => {
    const id = newId();
    const name = $("add-name").value.trim();
    const body = { name, influence: Number($("add-influence").value) };
    if ($("add-title").value.trim()) body.title = $("add-title").value.trim();
    const unit = $("add-unit").value;
    if (unit) body[unit.startsWith("Customer:") ? "customerId" : "orgUnitId"] = unit.slice(unit.indexOf(":") + 1);
    const operations = [{ op: "put", kind: "stakeholders", id, body }];
    if ($("add-boss").value) operations.push({ op: "put", relationship: "REPORTS_TO", from: id, to: $("add-boss").value, properties: {} });
    if ($("add-chain").value) {
      operations.push({ op: "put", relationship: "IN_CHAIN", from: id, to: $("add-chain").value, properties: { role: $("add-role").value } });
    }
    await call("POST", "/batch", { operations });
    $("add-name").value = "";
    $("add-title").value = "";
    return `Added ${name}.`;
  });

  async function openJudgement() {
    const id = $("judge-person").value;
    judged = null;
    delete $("judge-form").dataset.opened;
    if (!id) return;
    const { body, etag } = await call("GET", `/stakeholders/${encodeURIComponent(id)}`);
    judged = { id, etag };
    $("judge-stance").value = body.stance || "";
    $("judge-influence").value = String(body.influence);
    $("judge-form").dataset.opened = id; // the person whose values (and version) the form now holds
  }
  $("judge-person").addEventListener("change", () => openJudgement().catch((error) => say(error.message, true)));

  handle("judge-form", async () => {
    const id = $("judge-person").value;
    if (!judged || judged.id !== id) await openJudgement();
    const body = { stance: $("judge-stance").value || null, influence: Number($("judge-influence").value),
      reason: $("judge-reason").value.trim() };
    const answer = await call("POST", `/stakeholders/${encodeURIComponent(id)}/judgement`, body, { "If-Match": judged.etag });
    judged = { id, etag: answer.etag };
    $("judge-reason").value = "";
    return `${answer.body.name} is now ${stanceText(answer.body.stance)}, influence ${answer.body.influence}.`;
  });

  const lineText = () => $("line-type").selectedOptions[0].textContent;
  const lineEnds = () => ({ from: $("line-from").value, to: $("line-to").value });

  handle("line-form", async () => {
    const type = $("line-type").value;
    const properties = type === "INFLUENCES" ? { strength: Number($("line-strength").value) } : {};
    await call("POST", `/relationships/${type}`, { ...lineEnds(), properties });
    return `Drew: ${$("line-from").selectedOptions[0].textContent} ${lineText()} ${$("line-to").selectedOptions[0].textContent}.`;
  });
  $("line-remove").addEventListener("click", () => {
    if (!shown) return;
    const { from, to } = lineEnds();
    say("saving…");
    call("DELETE", `/relationships/${$("line-type").value}?${new URLSearchParams({ from, to })}`)
      .then(() => redraw(`Removed the ${lineText()} line.`)).catch((error) => say(error.message, true));
  });

  handle("seat-form", async () => {
    await call("PUT", "/relationships/IN_CHAIN", { from: $("seat-person").value, to: $("seat-chain").value,
      properties: { role: $("seat-role").value } });
    return `Seat set: ${$("seat-role").selectedOptions[0].textContent}.`;
  });

  // A tie that exists is patched (its target, since and last contact stay); a new one is created.
  handle("knows-form", async () => {
    const ends = { from: $("knows-employee").value, to: $("knows-person").value };
    const properties = { strength: Number($("knows-strength").value) };
    try {
      await call("PATCH", "/relationships/KNOWS", { ...ends, properties });
    } catch (error) {
      if (error.status !== 404) throw error;
      await call("POST", "/relationships/KNOWS", { ...ends, properties });
    }
    return "Tie recorded.";
  });

  handle("activity-form", async () => {
    const at = `${$("activity-date").value}T00:00:00Z`;
    const body = { type: $("activity-type").value, status: "done", plannedAt: at, doneAt: at,
      stakeholderIds: [$("activity-person").value] };
    if ($("activity-title").value.trim()) body.title = $("activity-title").value.trim();
    if ($("activity-outcome").value.trim()) body.outcome = $("activity-outcome").value.trim();
    if (shown.scope.kind === "project") body.projectId = shown.scope.id;
    if (who.employeeId) Object.assign(body, { ownerId: who.employeeId, assignedById: who.employeeId });
    await call("POST", "/activities", body);
    $("activity-title").value = "";
    $("activity-outcome").value = "";
    return "Activity logged.";
  });

  $("add-influence").addEventListener("change", () => { $("add-influence").dataset.touched = "yes"; });

  document.addEventListener("powermap:signed-in", (event) => {
    who = event.detail;
    const editor = who.role === "editor" || who.role === "admin";
    $("edit").hidden = !editor;
    if (editor) call("GET", "/employees?limit=200").then(({ body }) => { employees = body.items; if (shown) fillForms(); })
      .catch((error) => say(error.message, true));
  });
  document.addEventListener("powermap:map", (event) => {
    shown = event.detail;
    judged = null;
    if (who && !$("edit").hidden) fillForms();
  });
})();
