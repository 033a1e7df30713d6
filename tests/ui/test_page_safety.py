"""Hostile names and notes on the power-map page, in real headless Chromium: shown as text, never run.

The page is signed in through its form; afterwards no key is left where a script could read it,
the session cookie is HttpOnly and SameSite=Strict, and the Content-Security-Policy blocks an
inline script that an attacker managed to insert.
"""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select

from powermap.api.session import SESSION_COOKIE
from powermap.graph.loaders import load_graph_document
from tests import browser

pytestmark = pytest.mark.skipif(
    not browser.available(),
    reason="Debian's chromium and chromium-driver are not installed (make test installs them)")

IMG_NAME = '<img src=x onerror="window.__pwned=1">'
SCRIPT_NOTES = "<script>window.__pwned=2</script>"
HOSTILE = {
    "Customer": [{"id": "cus-x", "name": "Hostile Corp"}],
    "Employee": [{"id": "emp-x", "name": "Ann Ours", "role": "AR"}],
    "Project": [{"id": "prj-x", "name": "Core <b>bid</b>", "stage": "opportunity", "customerId": "cus-x",
                 "managerId": "emp-x"}],
    "DecisionChain": [{"id": "dc-x", "kind": "technical_selection", "projectId": "prj-x"}],
    "Stakeholder": [
        {"id": "stk-img", "name": IMG_NAME, "title": '<svg onload="window.__pwned=3">', "stance": "neutral",
         "influence": 5, "customerId": "cus-x"},
        {"id": "stk-notes", "name": "Noor Notes", "title": "CFO", "stance": "supporter", "influence": 3,
         "customerId": "cus-x", "notes": SCRIPT_NOTES},
    ],
    "relationships": {
        "IN_CHAIN": [["stk-img", "dc-x", {"role": "decision_maker"}], ["stk-notes", "dc-x", {"role": "approver"}]],
        "KNOWS": [["emp-x", "stk-notes", {"strength": 0.8}]],
        "INFLUENCES": [["stk-notes", "stk-img", {"strength": 0.9}]],
    },
}


@pytest.fixture
def hostile(graph):
    load_graph_document(graph, HOSTILE)


def _text(chrome, selector: str) -> str:
    return chrome.execute_script("return document.querySelector(arguments[0]).textContent", selector)


def _hover(chrome, node_id: str) -> None:
    """Move the real mouse over a node of the map, where Cytoscape drew it."""
    x, y, width, height = chrome.execute_script(
        "const p = cy.getElementById(arguments[0]).renderedPosition(); const m = document.getElementById('map');"
        "return [p.x, p.y, m.clientWidth, m.clientHeight];", node_id)
    ActionChains(chrome).move_to_element_with_offset(
        chrome.find_element("id", "map"), int(x - width / 2), int(y - height / 2)).perform()


def test_hostile_names_and_notes_are_shown_as_text_and_never_run(live_api, hostile, settings, tmp_path):
    with browser.chromium() as chrome:
        browser.sign_in(chrome, live_api, settings.admin_key)
        browser.wait(chrome, 20).until(lambda c: c.find_elements("css selector", "option[value='project:prj-x']"))
        Select(chrome.find_element("id", "scope")).select_by_value("project:prj-x")
        browser.wait(chrome, 20).until(lambda c: "2 people" in c.find_element("id", "status").text)
        assert _text(chrome, "option[value='project:prj-x']") == "Core <b>bid</b> (opportunity)"
        assert IMG_NAME in _text(chrome, "[data-target='stk-img']")

        _hover(chrome, "stk-img")
        browser.wait(chrome, 10).until(lambda c: c.find_element("id", "tooltip").is_displayed())
        assert _text(chrome, "#tooltip b") == IMG_NAME
        assert '<svg onload="window.__pwned=3">' in _text(chrome, "#tooltip")

        chrome.find_element("css selector", "[data-target='stk-img']").click()
        browser.wait(chrome, 20).until(lambda c: "sways" in c.find_element("id", "paths").text)
        sentence = _text(chrome, "#paths li")
        assert "Noor Notes" in sentence and IMG_NAME in sentence
        chrome.save_screenshot(str(tmp_path / "signed-in.png"))

        assert chrome.execute_script("return window.__pwned") is None
        assert chrome.execute_script("return document.querySelectorAll('img, svg, script:not([src])').length") == 0
        assert chrome.execute_script("return [sessionStorage.length, localStorage.length]") == [0, 0]
        assert settings.admin_key not in chrome.page_source
        assert SESSION_COOKIE not in chrome.execute_script("return document.cookie")
        assert browser.console_errors(chrome) == [], "the page runs under its CSP without a violation"

        # If script did get into the page, the Content-Security-Policy refuses to run it.
        chrome.execute_script("const s = document.createElement('script'); s.textContent = 'window.__pwned = 4';"
                              "document.body.appendChild(s);")
        assert chrome.execute_script("return window.__pwned") is None
        assert any("Content Security Policy" in entry["message"] for entry in browser.console_errors(chrome))

        chrome.get(f"{live_api}/api/v1/session")
        cookie = chrome.get_cookie(SESSION_COOKIE)
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["path"] == "/api/v1"
        assert cookie["value"] != settings.admin_key
