"""Headless Debian Chromium driven by Selenium, for tests and for the docs/ screenshots script.

Only /usr/bin/chromium and /usr/bin/chromedriver from Debian's packages are used: no browser is
downloaded. The flags keep Chromium off the network beyond the pages it is pointed at.
"""

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


def available() -> bool:
    """Whether Debian's chromium and chromium-driver are installed."""
    return shutil.which("chromium") is not None and shutil.which("chromedriver") is not None


@contextmanager
def chromium(width: int = 1400, height: int = 1000, *, network: bool = False) -> Iterator[webdriver.Chrome]:
    """A headless Chromium that records the page's console, and with `network` its requests (`exchanges`)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network else {})})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def wait(browser: webdriver.Chrome, timeout: float = 20) -> WebDriverWait:
    """A wait that polls through page reloads: an element found just before the page replaced it
    (sign-out reloads the page) is stale, and one not yet drawn is missing; both mean "not yet"."""
    return WebDriverWait(browser, timeout,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def wait_for_text(browser: webdriver.Chrome, element_id: str, text: str, timeout: float = 30) -> None:
    """Wait until the element shows the text; on a timeout, say what it showed instead."""
    try:
        wait(browser, timeout).until(lambda c: text in c.find_element("id", element_id).text)
    except TimeoutException:
        try:
            shown = repr(browser.find_element("id", element_id).text)
        except (NoSuchElementException, StaleElementReferenceException):
            shown = "nothing (the element is gone)"
        raise AssertionError(f"#{element_id} said {shown}, never {text!r}") from None


def console_errors(browser: webdriver.Chrome) -> list[dict]:
    """SEVERE console entries since the last call."""
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


@dataclass
class Exchange:
    """One request the page sent and the answer it got, header names in lower case."""
    method: str
    url: str
    sent: dict[str, str]
    answered: dict[str, str] = field(default_factory=dict)


def exchanges(browser: webdriver.Chrome) -> list[Exchange]:
    """The requests since the last call, in the order they were sent (needs `chromium(network=True)`)."""
    sent: dict[str, Exchange] = {}
    for entry in browser.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        params = event.get("params", {})
        if event["method"] == "Network.requestWillBeSent":
            request = params["request"]
            sent[params["requestId"]] = Exchange(request["method"], request["url"], _lower(request["headers"]))
        elif event["method"] == "Network.responseReceived" and params["requestId"] in sent:
            sent[params["requestId"]].answered = _lower(params["response"]["headers"])
    return list(sent.values())


def _lower(headers: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def sign_in(browser: webdriver.Chrome, api: str, key: str) -> None:
    """Open the power-map page and sign in through its form, as a person would (the key is typed once)."""
    browser.get(f"{api}/ui/")
    wait(browser).until(lambda c: c.find_element("id", "key-form").is_displayed())
    browser.find_element("id", "api-key").send_keys(key)
    browser.find_element("css selector", "#key-form button[type='submit']").click()
    wait(browser).until(lambda c: c.find_element("id", "sign-out").is_displayed())
    console_errors(browser)  # the signed-out first load's 401 is expected; count from here
