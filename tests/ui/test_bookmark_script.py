"""The page's bookmark keeper (ui/static/bookmark.js), run in Node against a scripted server: what each
call sends back, and that a bookmark the server refuses is dropped instead of locking the page out."""

import json
import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "ui" / "static" / "bookmark.js"

# Loads the page script with a `fetch` that answers from a list, makes the given calls in order and
# prints what each call sent: (method, url, bookmark sent).
RUNNER = """
const fs = require("fs");
const vm = require("vm");
const [script, calls, answers] = [process.argv[1], JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
const seen = [];
async function fetch(url, options) {
  seen.push([options.method || "GET", url, options.headers.get("Powermap-Bookmark"), options.credentials]);
  const answer = answers.shift();
  const body = JSON.stringify({ errors: answer.field ? [{ field: answer.field, problem: "refused" }] : [] });
  return new Response(body, { status: answer.status,
                              headers: answer.bookmark ? { "Powermap-Bookmark": answer.bookmark } : {} });
}
const window = {};
vm.runInNewContext(fs.readFileSync(script, "utf8"), { window, fetch, Headers, Response });
(async () => {
  const statuses = [];
  for (const [method, url] of calls) statuses.push((await window.powermapFetch(url, { method })).status);
  console.log(JSON.stringify({ seen, statuses }));
})();
"""

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed (make test needs it)")


def _run(calls: list[tuple[str, str]], answers: list[dict]) -> tuple[list[list], list[int]]:
    done = subprocess.run(["node", "-e", RUNNER, str(SCRIPT), json.dumps(calls), json.dumps(answers)],
                          capture_output=True, text=True, check=True, timeout=60)
    outcome = json.loads(done.stdout)
    return outcome["seen"], outcome["statuses"]


def test_each_call_sends_the_last_writes_bookmark():
    seen, statuses = _run(
        [("GET", "/a"), ("POST", "/b"), ("GET", "/c"), ("PUT", "/d"), ("GET", "/e")],
        [{"status": 200}, {"status": 201, "bookmark": "FB:1"}, {"status": 200}, {"status": 200, "bookmark": "FB:2"},
         {"status": 200}])
    assert [(method, url, sent) for method, url, sent, _ in seen] == [
        ("GET", "/a", None), ("POST", "/b", None), ("GET", "/c", "FB:1"), ("PUT", "/d", "FB:1"), ("GET", "/e", "FB:2")]
    assert statuses == [200, 201, 200, 200, 200]
    assert {credentials for *_, credentials in seen} == {"same-origin"}, "the session cookie goes with every call"


def test_a_refused_bookmark_is_dropped_and_the_call_sent_again_without_it():
    seen, statuses = _run(
        [("POST", "/a"), ("GET", "/b"), ("GET", "/c")],
        [{"status": 200, "bookmark": "FB:gone"}, {"status": 422, "field": "Powermap-Bookmark"}, {"status": 200},
         {"status": 200}])
    assert [(method, url, sent) for method, url, sent, _ in seen] == [
        ("POST", "/a", None), ("GET", "/b", "FB:gone"), ("GET", "/b", None), ("GET", "/c", None)]
    assert statuses == [200, 200, 200]


def test_a_503_drops_the_bookmark_and_other_refusals_keep_it():
    seen, statuses = _run(
        [("POST", "/a"), ("GET", "/b"), ("GET", "/c"), ("POST", "/d"), ("GET", "/e"), ("GET", "/f")],
        [{"status": 200, "bookmark": "FB:1"}, {"status": 503}, {"status": 200},
         {"status": 200, "bookmark": "FB:2"}, {"status": 422, "field": "limit"}, {"status": 200}])
    assert [(method, url, sent) for method, url, sent, _ in seen] == [
        ("POST", "/a", None), ("GET", "/b", "FB:1"), ("GET", "/c", None),
        ("POST", "/d", None), ("GET", "/e", "FB:2"), ("GET", "/f", "FB:2")]
    assert statuses == [200, 503, 200, 200, 422, 200], "a 503 is shown, not retried"
