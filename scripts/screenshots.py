"""Take the README's screenshots from a running `make serve` (demo graph loaded).

    .venv/bin/python scripts/screenshots.py [--api http://127.0.0.1:8000]

Writes docs/power-map-page.png, docs/neo4j-browser.png and docs/bid-review.png.
"""

import argparse
import time
from pathlib import Path

from selenium.webdriver.support.ui import Select

from powermap.settings import get_settings
from tests import browser

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCS = REPO_ROOT / "docs"


def power_map_page(api: str) -> None:
    with browser.chromium(1400, 1150) as chrome:
        browser.sign_in(chrome, api, get_settings().admin_key)
        browser.wait(chrome, 20).until(
            lambda c: c.find_elements("css selector", "option[value='project:prj-5g-core']"))
        Select(chrome.find_element("id", "scope")).select_by_value("project:prj-5g-core")
        browser.wait(chrome, 20).until(lambda c: "people" in c.find_element("id", "status").text)
        chrome.find_element("css selector", "[data-target='stk-zhou-min']").click()
        browser.wait(chrome, 20).until(lambda c: "sways" in c.find_element("id", "paths").text)
        chrome.find_element("id", "show-lineage").click()
        time.sleep(1)
        chrome.save_screenshot(str(DOCS / "power-map-page.png"))


def neo4j_browser(browser_url: str, user: str, password: str) -> None:
    with browser.chromium(1400, 900) as chrome:
        chrome.get(browser_url)
        browser.wait(chrome, 30).until(lambda c: c.find_elements("css selector", "[data-testid='password']"))
        chrome.find_element("css selector", "[data-testid='username']").send_keys(user)
        chrome.find_element("css selector", "[data-testid='password']").send_keys(password)
        chrome.find_element("css selector", "[data-testid='connect']").click()
        browser.wait(chrome, 30).until(lambda c: c.find_elements("css selector", "pre.runnable"))
        chrome.find_element("css selector", "pre.runnable").click()
        chrome.find_element("css selector", "[data-testid='editor-Run']").click()
        time.sleep(4)
        chrome.save_screenshot(str(DOCS / "neo4j-browser.png"))


def bid_review(api: str) -> None:
    import httpx

    page = DOCS / "bid-review.html"
    page.write_text(httpx.get(f"{api}/api/v1/projects/prj-5g-core/bid-review?format=html&reportDate=2026-11-27",
                              headers={"Authorization": f"Bearer {get_settings().admin_key}"}).text)
    with browser.chromium(1400, 1250) as chrome:
        chrome.get(page.as_uri())
        chrome.save_screenshot(str(DOCS / "bid-review.png"))
    page.unlink()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    settings = get_settings()
    DOCS.mkdir(exist_ok=True)
    power_map_page(args.api)
    neo4j_browser(settings.browser_url or "http://127.0.0.1:7474/browser/", settings.neo4j_user,
                  settings.neo4j_password.get_secret_value())
    bid_review(args.api)
    print(f"wrote {', '.join(str(p.relative_to(REPO_ROOT)) for p in sorted(Path(DOCS).glob('*.png')))}")
