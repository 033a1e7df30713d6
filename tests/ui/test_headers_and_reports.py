"""Security headers on the page and on what the API renders; client values escaped in the bid reports."""

import base64
import hashlib
import re

import pytest

from powermap.graph.loaders import load_graph_document

HOSTILE_NAME = '<img src=x onerror="alert(1)">'
HOSTILE_TITLE = "*Boss* | [click](javascript:alert(2)) `x`"
REPORTED = {
    "Customer": [{"id": "cus-x", "name": "Hostile Corp"}],
    "Employee": [{"id": "emp-x", "name": "<script>alert(3)</script>", "role": "AR"}],
    "Project": [{"id": "prj-x", "name": "Core </title><script>alert(4)</script>", "stage": "opportunity",
                 "customerId": "cus-x", "managerId": "emp-x"}],
    "DecisionChain": [{"id": "dc-x", "kind": "technical_selection", "projectId": "prj-x"}],
    "Stakeholder": [{"id": "stk-x", "name": HOSTILE_NAME, "title": HOSTILE_TITLE, "stance": "skeptic",
                     "influence": 5, "customerId": "cus-x"}],
    "relationships": {"IN_CHAIN": [["stk-x", "dc-x", {"role": "decision_maker"}]],
                      "KNOWS": [["emp-x", "stk-x", {"strength": 0.3}]]},
}


@pytest.fixture
def reported(client):
    load_graph_document(client.app.state.graph, REPORTED)


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/ui/", "/ui/app.js", "/ui/style.css"])
def test_the_page_forbids_inline_script_framing_and_sniffing(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"], "no inline script, no eval, no other origin"
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_page_has_no_inline_script_or_style(client):
    html = client.get("/ui/").text
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="vendor/cytoscape.min.js">', '<script src="vendor/elkjs/elk.bundled.js">',
        '<script src="vendor/cytoscape-elk/cytoscape-elk.js">', '<script src="bookmark.js">', '<script src="views.js">',
        '<script src="alerts.js">', '<script src="app.js">', '<script src="signin.js">', '<script src="edit.js">']
    assert "style=" not in html and "<style" not in html


def test_the_html_report_runs_no_script_and_allows_only_its_own_style(client, reported):
    response = client.get("/api/v1/projects/prj-x/bid-review", params={"format": "html"})
    assert response.status_code == 200
    policy = _directives(response.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"] and "script-src" not in policy, "no script at all"
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    styles = re.findall(r"<style>(.*?)</style>", response.text, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert len(styles) == 1 and policy["style-src"] == [f"'sha256-{digest}'"]
    assert " style=" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_html_report_escapes_text_and_attributes(client, reported):
    html = client.get("/api/v1/projects/prj-x/bid-review", params={"format": "html"}).text
    assert "<script" not in html and "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert html.count("<title>") == 2, "the page title and the one person's SVG tooltip, nothing injected"


def test_the_markdown_report_escapes_what_clients_wrote(client, reported):
    markdown = client.get("/api/v1/projects/prj-x/bid-review", params={"format": "md"}).text
    assert "<" not in markdown and ">" not in markdown, "no raw HTML reaches a Markdown renderer"
    assert "&lt;img src=x onerror=\"alert(1)\"&gt;" in markdown
    assert "# Bid review: Core &lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt; (prj-x)" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| &lt;img") and "skeptic" in line)
    assert r"\*Boss\* \| \[click\](javascript:alert(2)) \`x\`" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 7, "six cells: the escaped pipe does not split the row"


def test_api_json_answers_carry_the_document_policy(client, reported):
    response = client.get("/api/v1/customers")
    assert _directives(response.headers["content-security-policy"])["default-src"] == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/health").headers["referrer-policy"] == "no-referrer"
