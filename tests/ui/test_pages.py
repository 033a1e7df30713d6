"""The power-map page and Neo4j Browser, driven in headless Chromium against the demo graph."""

import os
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import Select

from powermap.graph.loaders import DEMO_SEEDS, load_graph_files
from tests import browser
from tests.reports.test_map_views_printed import review_week

pytestmark = pytest.mark.skipif(
    not browser.available(),
    reason="Debian's chromium and chromium-driver are not installed (make test installs them)")


@pytest.fixture
def demo(graph):
    load_graph_files(graph, DEMO_SEEDS)


def test_power_map_page_asks_for_a_key_without_one(live_api, demo):
    with browser.chromium() as chrome:
        chrome.get(f"{live_api}/ui/")
        browser.wait_for_text(chrome, "status", "Sign in with your account")
        assert chrome.find_element("id", "key-form").is_displayed()
        assert not chrome.find_element("id", "sign-out").is_displayed()


def test_a_wrong_key_is_refused_and_sign_out_ends_the_session(live_api, demo, settings):
    with browser.chromium() as chrome:
        chrome.get(f"{live_api}/ui/")
        browser.wait(chrome, 20).until(lambda c: c.find_element("id", "key-form").is_displayed())
        chrome.find_element("id", "api-key").send_keys("pm_not_a_key")
        chrome.find_element("css selector", "#key-form button[type='submit']").click()
        browser.wait_for_text(chrome, "status", "unknown or revoked")
        browser.sign_in(chrome, live_api, settings.admin_key)
        browser.wait_for_text(chrome, "who", "test admin (admin)")
        chrome.find_element("id", "sign-out").click()
        browser.wait_for_text(chrome, "status", "Sign in with your account")
        assert chrome.execute_async_script(
            "fetch('/api/v1/customers').then((r) => arguments[arguments.length - 1](r.status))") == 401


def test_power_map_page_highlights_the_best_paths(live_api, demo, settings):
    with browser.chromium() as chrome:
        browser.sign_in(chrome, live_api, settings.admin_key)
        browser.wait(chrome, 20).until(
            lambda c: c.find_elements("css selector", "option[value='project:prj-5g-core']"))
        Select(chrome.find_element("id", "scope")).select_by_value("project:prj-5g-core")
        browser.wait_for_text(chrome, "status", "13 people, 5 key members")
        assert chrome.execute_script("return cy.nodes('[kind = \"Stakeholder\"]').length") == 13
        chrome.find_element("css selector", "[data-target='stk-zhou-min']").click()
        browser.wait_for_text(chrome, "paths", "Chen Hui sways CTO Zhou Min (0.9)")
        highlighted = chrome.execute_script("return window.powermap.highlighted()")
        assert {"emp-wang-lei", "stk-chen-hui", "stk-zhou-min"} <= set(highlighted)
        assert chrome.execute_script("return cy.getElementById('stk-chen-hui').hasClass('path')")
        assert chrome.execute_script("return cy.getElementById('stk-grace-mensah').hasClass('faded')")
        chrome.find_element("id", "show-lineage").click()
        browser.wait_for_text(chrome, "lineage-title", "5G standalone core")
        assert chrome.execute_script("return lineageCy.nodes().length") >= 6
        assert browser.console_errors(chrome) == []


LAID_OUT = """
const box = (n) => n.boundingBox({includeLabels: false});
const people = cy.nodes("[kind = 'Stakeholder']");
return {
  labels: people.map((n) => ({id: n.id(), box: n.boundingBox({includeNodes: false, includeLabels: true})})),
  bodies: cy.nodes("[kind = 'Stakeholder'], [kind = 'Employee'], [kind = 'Competitor']")
    .map((n) => ({id: n.id(), box: box(n)})),
  reports: cy.edges("[type = 'REPORTS_TO']").map((e) => [e.source().position("y"), e.target().position("y")]),
  ours: cy.nodes("[kind = 'Employee']").map((n) => n.position("y")),
  customer: people.map((n) => n.position("y")),
  unknown: people.filter((n) => !n.data("known") && !n.data("covered"))
    .map((n) => n.style("border-style")),
  units: cy.nodes("[kind = 'OrgUnit']").length,
};
"""


def _overlap(a, b):
    return a["x1"] + 1 < b["x2"] and b["x1"] + 1 < a["x2"] and a["y1"] + 1 < b["y2"] and b["y1"] + 1 < a["y2"]


def test_power_map_page_draws_a_layered_org_chart(live_api, demo, settings, tmp_path):
    with browser.chromium() as chrome:
        browser.sign_in(chrome, live_api, settings.admin_key)
        browser.wait(chrome, 20).until(
            lambda c: c.find_elements("css selector", "option[value='customer:cus-meridian-fibre']"))
        Select(chrome.find_element("id", "scope")).select_by_value("customer:cus-meridian-fibre")
        browser.wait_for_text(chrome, "status", "people,")
        drawn = chrome.execute_script(LAID_OUT)
        chrome.save_screenshot(str(Path(os.environ.get("POWERMAP_SCREENSHOTS", tmp_path)) / "power-map-page.png"))
        assert drawn["units"] >= 3, "people are grouped in their org units"
        assert all(boss < report for boss, report in drawn["reports"]), "bosses stand above their reports"
        assert max(drawn["ours"]) < min(drawn["customer"]), "our people sit above the customer's, not mid-map"
        assert drawn["unknown"] and set(drawn["unknown"]) == {"dashed"}, "unknown stance is dashed, as the legend"
        labels = drawn["labels"]
        clashes = [(a["id"], b["id"]) for i, a in enumerate(labels) for b in labels[i + 1:]
                   if _overlap(a["box"], b["box"])]
        assert not clashes, f"labels collide: {clashes[:5]}"
        hidden = [(label["id"], body["id"]) for label in labels for body in drawn["bodies"]
                  if label["id"] != body["id"] and _overlap(label["box"], body["box"])]
        assert not hidden, f"labels overlap other people: {hidden[:5]}"
        legend = chrome.find_element("css selector", ".legend").text
        assert "our people" in legend and "competitor" in legend
        assert browser.console_errors(chrome) == []


def test_neo4j_browser_connects_shows_the_guide_and_runs_its_first_query(live_api, demo, settings):
    with browser.chromium() as chrome:
        chrome.get(f"http://127.0.0.1:{settings.embedded_http_port}/browser/")
        browser.wait(chrome, 30).until(lambda c: c.find_elements("css selector", "[data-testid='password']"))
        chrome.find_element("css selector", "[data-testid='username']").send_keys("neo4j")
        chrome.find_element("css selector", "[data-testid='password']").send_keys(
            settings.neo4j_password.get_secret_value())
        chrome.find_element("css selector", "[data-testid='connect']").click()
        browser.wait(chrome, 30).until(lambda c: c.find_elements("css selector", "pre.runnable"))

        def commands(c):  # type: ignore[no-untyped-def]
            return [e.text for e in c.find_elements("css selector", "[data-testid='frameCommand']")]

        browser.wait(chrome, 30).until(
            lambda c: any(cmd.startswith(":style") and "powermap.grass" in cmd for cmd in commands(c)),
            message="the post-connect :style command did not run")
        chrome.find_element("css selector", "pre.runnable").click()

        def first_query_ran(c):  # type: ignore[no-untyped-def]
            """Run until the guide's query shows as a frame: the click fills the editor a moment later."""
            if any(cmd.startswith("MATCH (p:Project {id: 'prj-5g-core'})") for cmd in commands(c)):
                return True
            c.find_element("css selector", "[data-testid='editor-Run']").click()
            return False

        browser.wait(chrome, 30).until(first_query_ran)
        browser.wait(chrome, 30).until(lambda c: "Zhou Min" in c.page_source)


def test_the_page_switches_between_the_four_views(live_api, demo, settings, client):
    """Decision chains, key members and paths, changes since a day (marked and listed), whole customer."""
    review_week(client)
    drawn = "return cy.nodes('[kind = \"Stakeholder\"]').map((n) => n.id())"
    with browser.chromium(1400, 1150) as chrome:
        browser.sign_in(chrome, live_api, settings.admin_key)
        browser.wait(chrome, 20).until(
            lambda c: c.find_elements("css selector", "option[value='project:prj-5g-core']"))
        Select(chrome.find_element("id", "scope")).select_by_value("project:prj-5g-core")
        browser.wait_for_text(chrome, "status", "14 people, 5 key members")
        chains = set(chrome.execute_script(drawn))

        Select(chrome.find_element("id", "view")).select_by_value("key_paths")
        browser.wait_for_text(chrome, "status", "5 people, 5 key members")
        assert set(chrome.execute_script(drawn)) == {
            "stk-chen-hui", "stk-zhou-min", "stk-marcus-lind", "stk-anna-kowalski", "stk-nadia-benali"}
        assert "emp-wang-lei" in chrome.execute_script("return cy.nodes('[kind = \"Employee\"]').map((n) => n.id())")

        Select(chrome.find_element("id", "view")).select_by_value("changes")
        assert chrome.find_element("id", "since").is_displayed()
        browser.wait_for_text(chrome, "changes", "stance up")
        rows = [(r.get_attribute("data-kind"), r.find_elements("tag name", "td")[1].text)
                for r in chrome.find_elements("css selector", "#changes tbody tr")]
        assert {("new", "Ingrid Solberg"), ("stance_up", "Zhou Min"), ("stance_down", "Rafael Costa"),
                ("coverage_gained", "Zhou Min"), ("coverage_lost", "Nadia Benali")} <= set(rows)
        label = chrome.execute_script("return cy.getElementById('stk-zhou-min').data('label')")
        assert label.startswith("\u25b2 +cov Zhou Min"), label
        assert set(chrome.execute_script(drawn)) == chains
        if os.environ.get("POWERMAP_SCREENSHOTS"):
            chrome.save_screenshot(str(Path(os.environ["POWERMAP_SCREENSHOTS"]) / "power-map-page-changes.png"))

        Select(chrome.find_element("id", "view")).select_by_value("customer")
        browser.wait(chrome, 20).until(lambda c: len(c.execute_script(drawn)) > len(chains))
        assert not chrome.find_element("id", "changes-panel").is_displayed()
        assert not browser.console_errors(chrome)
