"""The bid review's power map as a person sees it: laid out in headless Chromium at A4 landscape
print width, measured from the drawn elements' coordinates, and printed to PDF.

What is checked, on the demo bid and on a 60-person customer with Chinese, Japanese and Korean names:
no name or role label overlaps another label or another person's circle; no reports-to line passes
through a person or a label; names print at 8 pt or more; CJK glyphs are real glyphs (a canvas
drawing of one differs from the drawing of a code point no font has); the PDF is A4 landscape and
embeds the CJK font. Set POWERMAP_SCREENSHOTS to a folder to keep the screenshots.
"""

import os
import re
from pathlib import Path

import pytest

from powermap.graph.loaders import DEMO_SEEDS, load_graph_document, load_graph_files
from powermap.reports.svg import FONT_STACK
from tests import browser

pytestmark = pytest.mark.skipif(
    not browser.available(),
    reason="Debian's chromium and chromium-driver are not installed (make test installs them)")

A4_PRINT_WIDTH = 1047  # CSS px: 297 mm less two 10 mm margins
EIGHT_POINTS = 8 * 96 / 72

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "欧阳", "司马", "黄", "赵"]
GIVEN = ["伟", "静", "秀英", "建国", "丽娜", "志强", "海燕", "明"]
UNITS = ["总裁办公室", "网络技术部", "财务部", "采购中心", "市场与销售部", "信息技术与运营支撑部"]
OTHERS = ["佐藤 健太", "김민준", "Alexander Konstantinopoulos-Whitfield", "山田 花子"]
STANCES = ["champion", "supporter", "neutral", "skeptic", "opponent", None]


def cjk_customer() -> dict:
    """60 people in 6 units: a head, 3 managers and 6 staff each; the heads report to the CEO."""
    people, reports, chain, influences = [], [], [], []
    for u, unit in enumerate(UNITS):
        for i in range(10):
            n = u * 10 + i
            name = OTHERS[n // 15] if n % 15 == 7 else SURNAMES[n % 10] + GIVEN[(n // 10 + n) % 8]
            level = "c_level" if n == 0 else "director" if i == 0 else "manager" if i < 4 else "staff"
            person = {"id": f"stk-c{n}", "name": name, "title": f"{unit}{'负责人' if i == 0 else '经理'}",
                      "level": level, "influence": 5 if i == 0 else 3 if i < 4 else 1 + n % 3,
                      "orgUnitId": f"org-c{u}"}
            if STANCES[n % 6]:
                person["stance"] = STANCES[n % 6]
            people.append(person)
            boss = None if n == 0 else 0 if i == 0 else u * 10 if i < 4 else u * 10 + 1 + (i - 4) % 3
            if u == 0 and i == 0:
                boss = None
            elif u > 0 and i == 0:
                boss = 0
            if boss is not None:
                reports.append([f"stk-c{n}", f"stk-c{boss}"])
            role = "decision_maker" if n == 0 else "approver" if i == 0 else "evaluator" if i < 4 else "user"
            chain.append([f"stk-c{n}", "dc-c", {"role": role}])
    influences = [[f"stk-c{a}", f"stk-c{b}", {"strength": 0.7}] for a, b in ((12, 0), (25, 10), (41, 33), (5, 50))]
    return {
        "Customer": [{"id": "cus-c", "name": "华东电信集团"}],
        "OrgUnit": [{"id": f"org-c{u}", "name": unit, "customerId": "cus-c"} for u, unit in enumerate(UNITS)],
        "Employee": [{"id": "emp-c", "name": "Wang Lei", "role": "AR"}],
        "Project": [{"id": "prj-c", "name": "核心网现代化", "stage": "opportunity", "customerId": "cus-c",
                     "managerId": "emp-c"}],
        "DecisionChain": [{"id": "dc-c", "kind": "technical_selection", "projectId": "prj-c"}],
        "Stakeholder": people,
        "relationships": {"REPORTS_TO": reports, "IN_CHAIN": chain, "INFLUENCES": influences,
                          "CONFLICTS_WITH": [["stk-c2", "stk-c31"]],
                          "KNOWS": [["emp-c", "stk-c0", {"strength": 0.8}], ["emp-c", "stk-c10", {"strength": 0.6}]]},
    }


MEASURE = """
const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
const out = {labels: [], circles: [], edges: []};
document.querySelectorAll("svg.power-map").forEach((svg, page) => {
  for (const g of svg.querySelectorAll("g.person")) {
    const id = g.dataset.id;
    for (const t of g.querySelectorAll("text.name, text.detail")) {
      out.labels.push({id, page, box: box(t), text: t.textContent, name: t.classList.contains("name"),
        size: parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a});
    }
    out.circles.push({id, page, box: box(g.querySelector("circle"))});
  }
  for (const p of svg.querySelectorAll("path.edge")) {
    const m = p.getScreenCTM(), length = p.getTotalLength(), points = [];
    for (let s = 0; s <= length; s += 2) {
      const q = p.getPointAtLength(s);
      points.push([m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]);
    }
    out.edges.push({type: p.dataset.type, source: p.dataset.source, target: p.dataset.target, page, points});
  }
});
return out;
"""

GLYPHS = """
const canvas = document.createElement("canvas");
canvas.width = 80; canvas.height = 60;
const ctx = canvas.getContext("2d");
ctx.font = "40px " + arguments[0];
const draw = (text) => { ctx.clearRect(0, 0, 80, 60); ctx.fillText(text, 4, 44);
  return Array.from(ctx.getImageData(0, 0, 80, 60).data).join(","); };
const missing = draw("\\u{E000}");
return Object.fromEntries(arguments[1].map((ch) => [ch, draw(ch) !== missing && ctx.measureText(ch).width > 0]));
"""


def _overlap(a, b, slack=0.5):
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def _inside(point, box, slack=1.0):
    return box[0] + slack < point[0] < box[2] - slack and box[1] + slack < point[1] < box[3] - slack


def _open_printed(chrome, path: Path) -> dict:
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    chrome.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": A4_PRINT_WIDTH, "height": 740, "deviceScaleFactor": 1, "mobile": False})
    chrome.get(path.as_uri())
    return chrome.execute_script(MEASURE)


def _keep(chrome, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("POWERMAP_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    height = chrome.execute_script("return document.documentElement.scrollHeight")
    chrome.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": A4_PRINT_WIDTH, "height": min(height, 4000), "deviceScaleFactor": 1,
                            "mobile": False})
    chrome.save_screenshot(str(folder / name))


def _check_drawing(measured: dict) -> None:
    labels, circles = measured["labels"], measured["circles"]
    assert labels and circles and measured["edges"]
    small = [(label["text"], round(label["size"], 1)) for label in labels
             if label["name"] and label["size"] < EIGHT_POINTS]
    assert not small, f"names print below 8 pt: {small[:5]}"
    clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if a["page"] == b["page"] and _overlap(a["box"], b["box"])]
    assert not clashes, f"labels overlap: {clashes[:5]}"
    covered = [(label["text"], circle["id"]) for label in labels for circle in circles
               if label["page"] == circle["page"] and label["id"] != circle["id"]
               and _overlap(label["box"], circle["box"])]
    assert not covered, f"labels overlap another person: {covered[:5]}"
    crossings = []
    for edge in (e for e in measured["edges"] if e["type"] == "REPORTS_TO"):
        ends = {edge["source"], edge["target"]}
        for thing in circles + labels:
            if thing["page"] != edge["page"] or (thing["id"] in ends and "text" not in thing):
                continue
            if any(_inside(point, thing["box"]) for point in edge["points"]):
                crossings.append((edge["source"], edge["target"], thing.get("text", thing["id"])))
    assert not crossings, f"reports-to lines cross people or labels: {crossings[:5]}"


@pytest.fixture
def demo(graph):
    load_graph_files(graph, DEMO_SEEDS)


def test_the_demo_bid_review_prints_readably_on_a4(client, demo, tmp_path):
    html = client.get("/api/v1/projects/prj-5g-core/bid-review",
                      params={"format": "html", "reportDate": "2026-11-27"}).text
    (tmp_path / "demo.html").write_text(html, encoding="utf-8")
    with browser.chromium() as chrome:
        measured = _open_printed(chrome, tmp_path / "demo.html")
        _check_drawing(measured)
        assert {e["type"] for e in measured["edges"]} >= {"REPORTS_TO", "INFLUENCES", "CONFLICTS_WITH", "ALIGNED_WITH"}
        _keep(chrome, "bid-review.png", tmp_path)


def test_a_60_person_cjk_customer_splits_by_unit_and_renders_its_glyphs(client, graph, tmp_path):
    load_graph_document(graph, cjk_customer())
    response = client.get("/api/v1/projects/prj-c/bid-review", params={"format": "html"})
    (tmp_path / "cjk.html").write_text(response.text, encoding="utf-8")
    pages = re.findall(r'<section class="map-page">', response.text)
    assert len(pages) > 1, "a map wider than A4 is split over pages by org unit, not shrunk"
    with browser.chromium() as chrome:
        measured = _open_printed(chrome, tmp_path / "cjk.html")
        _check_drawing(measured)
        drawn = {label["id"] for label in measured["labels"]}
        assert drawn == {f"stk-c{n}" for n in range(60)}, "everyone is drawn, on some page"
        wang = next(label for label in measured["labels"] if label["text"].startswith("王"))
        assert wang["box"][2] - wang["box"][0] > 0
        glyphs = chrome.execute_script(GLYPHS, FONT_STACK, ["王", "欧", "佐", "김", "部"])
        assert all(glyphs.values()), f"CJK characters drawn as missing glyphs: {glyphs}"
        _keep(chrome, "bid-review-cjk.png", tmp_path)

    printed = client.get("/api/v1/projects/prj-c/bid-review", params={"format": "pdf"})
    assert printed.status_code == 200 and printed.headers["content-type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF")
    boxes = {tuple(round(float(v)) for v in box.split()) for box in
             re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+?)\s*\]", printed.content)}
    assert boxes == {(0, 0, 842, 595)}, "every page is A4 landscape"
    assert b"NotoSansCJK" in printed.content or b"Noto Sans CJK" in printed.content
