"""Editing on the power-map page, driven in headless Chromium as a person with an account would.

One browser session walks the whole flow (the suite's time budget): sign in with e-mail and password,
open the 5G project, add a person under the CTO, judge their stance with a reason, draw an influence
line (the map redrawn after it sends back the line's bookmark), then check through the API (re-read,
as an admin) that the facts exist and that the audit holds them signed by the account; last, an edit
of a person someone else changed meanwhile shows the 412.
"""

import shutil

import httpx
import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from powermap.graph.loaders import DEMO_SEEDS, load_graph_files
from powermap.models.accounts import AccountCreate
from powermap.models.security import SYSTEM, Role
from powermap.services import accounts
from tests import browser

pytestmark = pytest.mark.skipif(
    not browser.available(),
    reason="Debian's chromium and chromium-driver are not installed (make test installs them)")

EMAIL = "wang.lei@us.example"
PASSWORD = "a passphrase for the page"


def _open_judgement(chrome, person_id):
    """Choose the person to judge and wait until the form holds their values and version."""
    _choose(chrome, "judge-person", person_id)
    browser.wait(chrome, 30).until(
        lambda c: c.find_element("id", "judge-form").get_attribute("data-opened") == person_id)


def _type(chrome, element_id, text):
    field = chrome.find_element("id", element_id)
    field.clear()
    field.send_keys(text)


def _choose(chrome, element_id, value):
    Select(chrome.find_element("id", element_id)).select_by_value(value)


def _the_map_was_redrawn_with_the_bookmark_of_the_last_write(exchanges: list[browser.Exchange]) -> None:
    """Read-your-writes behind several replicas: each read after a write sends that write's bookmark."""
    writes = [i for i, e in enumerate(exchanges) if e.method != "GET" and "powermap-bookmark" in e.answered]
    assert writes, "the edits answered bookmarks"
    last = exchanges[writes[-1]]
    reads = [e for e in exchanges[writes[-1] + 1:] if e.method == "GET" and "/api/v1/" in e.url]
    assert any("/map-view" in e.url for e in reads), "the map was read again after the edit"
    assert all(e.sent.get("powermap-bookmark") == last.answered["powermap-bookmark"] for e in reads), \
        [(e.url, e.sent.get("powermap-bookmark")) for e in reads]


def _demo_in_two_loads(graph, folder) -> None:
    """The demo seed, in two transactions (customers, people and teams; then sandbox, projects and
    history), so each stays well inside the server's transaction timeout on a busy machine."""
    for part, names in (("people", ("01-", "02-", "03-")), ("deals", ("04-", "05-", "06-"))):
        (folder / part).mkdir()
        for seed in DEMO_SEEDS.glob("*.yaml"):
            if seed.name.startswith(names):
                shutil.copy(seed, folder / part / seed.name)
        load_graph_files(graph, folder / part)


def test_an_editor_signs_in_with_an_account_and_edits_the_5g_map(live_api, graph, settings, tmp_path):
    _demo_in_two_loads(graph, tmp_path)
    account = accounts.create_account(graph, principal=SYSTEM, account=AccountCreate(
        email=EMAIL, password=PASSWORD, employee_id="emp-wang-lei", role=Role.EDITOR))
    api = httpx.Client(base_url=f"{live_api}/api/v1", headers={"Authorization": f"Bearer {settings.admin_key}"})
    with browser.chromium(network=True) as chrome:
        chrome.get(f"{live_api}/ui/")
        browser.wait(chrome, 30).until(lambda c: c.find_element("id", "account-form").is_displayed())
        _type(chrome, "account-email", EMAIL)
        _type(chrome, "account-password", "not the passphrase" + Keys.ENTER)
        browser.wait_for_text(chrome, "status", "Sign-in refused: the e-mail or password is wrong")
        _type(chrome, "account-password", PASSWORD + Keys.ENTER)  # keyboard only: Enter submits
        browser.wait_for_text(chrome, "who", "Wang Lei (editor)")
        browser.console_errors(chrome)  # the signed-out load's and the refused sign-in's 401s were expected
        assert chrome.execute_script("return document.cookie") == "", "no credential is readable by script"
        browser.wait(chrome, 30).until(
            lambda c: c.find_elements("css selector", "option[value='project:prj-5g-core']"))
        _choose(chrome, "scope", "project:prj-5g-core")
        browser.wait_for_text(chrome, "status", "13 people")
        assert chrome.find_element("id", "edit").is_displayed()

        # Add a person under the CTO, seated as an influencer in the technical selection.
        _type(chrome, "add-title", "Head of Core Network")
        _choose(chrome, "add-unit", "OrgUnit:org-mob-neteng")
        _choose(chrome, "add-boss", "stk-zhou-min")
        _choose(chrome, "add-chain", "dc-5g-technical")
        _choose(chrome, "add-role", "influencer")
        _type(chrome, "add-name", "Liu Yang" + Keys.ENTER)
        browser.wait_for_text(chrome, "edit-message", "Added Liu Yang.")
        browser.wait_for_text(chrome, "status", "14 people")
        [new_id] = [o.get_attribute("value") for o in Select(chrome.find_element("id", "judge-person")).options
                    if o.text.startswith("Liu Yang")]

        # Judge them, with a reason.
        _open_judgement(chrome, new_id)
        _choose(chrome, "judge-stance", "supporter")
        _choose(chrome, "judge-influence", "4")
        _type(chrome, "judge-reason", "asked for our cloud-native core roadmap" + Keys.ENTER)
        browser.wait_for_text(chrome, "edit-message", "Liu Yang is now supporter, influence 4.")

        # Draw an influence line from them to the CTO.
        _choose(chrome, "line-from", new_id)
        _choose(chrome, "line-type", "INFLUENCES")
        _choose(chrome, "line-to", "stk-zhou-min")
        _type(chrome, "line-strength", "0.8")
        chrome.find_element("css selector", "#line-form button[type='submit']").send_keys(Keys.ENTER)
        browser.wait_for_text(chrome, "edit-message", "Drew: Liu Yang")
        assert "[+]" in chrome.execute_script(f"return cy.getElementById('{new_id}').data('label')"), \
            "stance is also a sign in the label, not colour alone"
        _the_map_was_redrawn_with_the_bookmark_of_the_last_write(browser.exchanges(chrome))

        # The API now holds these facts, and the audit names the account and its employee.
        person = api.get(f"/stakeholders/{new_id}").json()
        assert (person["name"], person["title"], person["orgUnitId"]) == ("Liu Yang", "Head of Core Network",
                                                                          "org-mob-neteng")
        assert (person["stance"], person["influence"]) == ("supporter", 4)
        assert api.get("/relationships/REPORTS_TO", params={"from": new_id, "to": "stk-zhou-min"}).status_code == 200
        line = api.get("/relationships/INFLUENCES", params={"from": new_id, "to": "stk-zhou-min"})
        assert line.status_code == 200 and line.json()["properties"]["strength"] == 0.8
        seat = api.get("/relationships/IN_CHAIN", params={"from": new_id, "to": "dc-5g-technical"}).json()
        assert seat["properties"]["role"] == "influencer"
        judged = [a for a in api.get(f"/stakeholders/{new_id}/export").json()["assessments"]
                  if a.get("previousStance") is None and a.get("stance") == "supporter"]
        assert [a["note"] for a in judged] == ["asked for our cloud-native core roadmap"]
        audit = api.get("/audit", params={"entity": new_id}).json()
        assert {entry["action"] for entry in audit} >= {
            "create", "update", f"create REPORTS_TO {new_id}->stk-zhou-min",
            f"create INFLUENCES {new_id}->stk-zhou-min", f"create IN_CHAIN {new_id}->dc-5g-technical"}
        assert {(entry["accountId"], entry["employeeId"]) for entry in audit} == {(account.id, "emp-wang-lei")}
        [update] = [entry for entry in audit if entry["action"] == "update"]
        assert (update["before"].get("stance"), update["after"]["stance"]) == (None, "supporter")

        # Someone else changes the CTO after the page read them: the page's judgement is refused (412).
        _open_judgement(chrome, "stk-zhou-min")
        assert api.patch("/stakeholders/stk-zhou-min", json={"title": "Chief Technology Officer"}).status_code == 200
        _choose(chrome, "judge-stance", "champion")
        _type(chrome, "judge-reason", "said so at the steering committee" + Keys.ENTER)
        browser.wait_for_text(chrome, "edit-message", "Someone else changed this person since you opened them")
        assert "refused" in chrome.find_element("id", "edit-message").get_attribute("class")
        assert api.get("/stakeholders/stk-zhou-min").json()["stance"] == "neutral", "nothing was overwritten"

        # A change the policy refuses shows the API's own message.
        _choose(chrome, "line-from", new_id)
        _choose(chrome, "line-type", "INFLUENCES")
        _choose(chrome, "line-to", "stk-zhou-min")
        chrome.find_element("css selector", "#line-form button[type='submit']").click()
        browser.wait_for_text(chrome, "edit-message",
                              f"{new_id} already has INFLUENCES to stk-zhou-min; update it instead")
        errors = browser.console_errors(chrome)
        assert all(" 412 " in e["message"] or " 409 " in e["message"] for e in errors), errors
