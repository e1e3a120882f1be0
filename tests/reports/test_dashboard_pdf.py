"""The dashboard PDF writer on its own: Chinese text that reads back, charts, every font the
embedded Chinese one (read back with pypdf)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from counterapp.receipts import CjkFont
from counterapp.reports import BarChart, Column, DashboardDocument, Kind, Table, render_dashboard
from reports.report_hall import cjk_font

DEPARTMENTS = (
    "公安机关（户籍）",
    "民政（婚姻登记）",
    "人力资源和社会保障",
    "税务",
    "住房公积金中心",
    "自然资源和规划（不动产登记）",
    "市场监督管理",
)


@pytest.fixture(scope="module")
def font() -> CjkFont:
    return cjk_font()


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def fonts_of(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
        for xobject in resources.get("/XObject", {}).values():
            inner = xobject.get_object().get("/Resources", {}).get("/Font", {})
            names.update(str(f.get_object()["/BaseFont"]) for f in inner.values())
    return names


def test_tables_and_charts_read_back_in_chinese(font: CjkFont) -> None:
    scorecard = Table(
        (Column("部门"), Column("请求数", Kind.COUNT), Column("可用率", Kind.PERCENT)),
        tuple((name, 10 * n, n / 7) for n, name in enumerate(DEPARTMENTS, start=1)),
        caption="部门评分（本周）",
    )
    document = DashboardDocument(
        title="西湖区政务服务中心 · 大厅统计",
        subtitle="2026-03-18（周三）",
        blocks=(
            scorecard,
            BarChart(
                "各部门可用率（本周）",
                DEPARTMENTS,
                (*(n / 7 for n in range(1, 7)), None),
                percent=True,
            ),
            BarChart("本周每日受理件数", ("周一", "周二"), (12.0, 3.0)),
        ),
        footer="仅含统计数字，不含申请人个人信息。",
        page_label="第 {page} 页",
    )
    reader = read(render_dashboard(document, font))
    # A long department name under its bar breaks before its bracket, never leaving a
    # bracket alone on a line (seven bars share the width of the page).
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    assert lines[lines.index("自然资源和规划") :][:2] == ["自然资源和规划", "（不动产登记）"]
    assert "）" not in lines and "人力资源和" in lines and "社会保障" in lines
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    for expected in (
        "西湖区政务服务中心 · 大厅统计",
        "部门评分（本周）",
        "各部门可用率（本周）",
        "第 1 页",
    ):
        assert expected in text, expected
    assert "自然资源和规划（不动产登记）60" in text.replace(" ", "")  # a table row, whole
    assert "14.3%" in text and "100.0%" in text
    assert "14%" in text and "—" in text  # bar labels; the last department had nothing to rate
    # Every text, the charts' too, is in embedded subsets of the one Chinese font: no
    # Helvetica that a reader would have to substitute.
    used = fonts_of(reader)
    assert used and all(name.startswith("/") and "+" in name for name in used), used
    assert len({name.split("+", 1)[1] for name in used}) == 1, used
    assert not any("Helvetica" in name for name in used)


def test_a_long_table_runs_over_pages_with_its_header(font: CjkFont) -> None:
    rows = tuple((f"事项 {n}", n) for n in range(120))
    table = Table((Column("事项"), Column("办结", Kind.COUNT)), rows, caption="各事项")
    reader = read(render_dashboard(DashboardDocument("标题", "副标题", (table,)), font))
    assert len(reader.pages) == 3
    # The header row repeats at the top of the next page, before the rows that continue.
    lines = [line.strip() for line in reader.pages[1].extract_text().splitlines()]
    assert lines[1:5] == ["事项", "办结", "事项 42", "42"]


def test_a_chart_needs_a_label_per_value() -> None:
    with pytest.raises(ValueError, match="one label per value"):
        BarChart("x", ("a",), (1.0, 2.0))
