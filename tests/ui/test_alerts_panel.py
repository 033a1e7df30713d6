"""The alerts panel of the power-map page (ui/static/alerts.js), driven in headless Chromium: a
project's alerts with reason and suggested action, and a hostile name shown as text."""

import pytest
from selenium.webdriver.support.ui import Select

from powermap.graph.loaders import load_graph_document
from tests import browser
from tests.services.test_alerts import EXTRA, STORY
from tests.services.test_watch_list import SECOND

pytestmark = pytest.mark.skipif(
    not browser.available(),
    reason="Debian's chromium and chromium-driver are not installed (make test installs them)")
HOSTILE = "<img src=x onerror=alert(1)> Zhou"


def test_the_panel_lists_a_projects_alerts_as_text(live_api, graph, settings):
    load_graph_document(graph, STORY)
    graph.driver.execute_query(EXTRA, database_=graph.database)
    load_graph_document(graph, SECOND)  # team-1 (Wang) covers the customer: the paths start from him
    graph.driver.execute_query("MATCH (z:Stakeholder {id: 'zhou'}) SET z.name = $name", name=HOSTILE,
                               database_=graph.database)
    with browser.chromium() as chrome:
        browser.sign_in(chrome, live_api, settings.admin_key)
        browser.wait(chrome, 20).until(lambda c: c.find_elements("css selector", "option[value='project:prj-core']"))
        assert not chrome.find_element("id", "alerts-panel").is_displayed()
        Select(chrome.find_element("id", "scope")).select_by_value("project:prj-core")
        # Zhou, covered by Wang (0.8, last contact 2026-09-16), has been silent ever since: on any later day.
        browser.wait_for_text(chrome, "alerts", "Gone silent", timeout=90)
        panel = chrome.find_element("id", "alerts").text
        assert f"{HOSTILE} is covered but nothing was heard" in panel
        assert "Do: emp-wang" in panel and f"Best path: Wang (AR) knows {HOSTILE} (0.8)" in panel
        assert chrome.find_elements("css selector", "#alerts img") == []
        assert browser.console_errors(chrome) == []
