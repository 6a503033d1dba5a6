"""The discrepancies of the second reading (../shared/reviews/data-second-reading.md), each pinned.

Row ids (A8, B9, D1 …) are the review's.
"""

from __future__ import annotations

import io
import re
import sqlite3

import pytest
from rich.console import Console

from aiplan_tui.describe import as_json, describe, format_series, point_value, point_year, resolve
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.render import targets_renderable, task_renderable

from .conftest import PLAN_DB
from .test_cli import aiplan, json_of


def _panel(renderable: object) -> str:
    console = Console(width=160, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


# Links -----------------------------------------------------------------------------------


def test_a8_sub_bullets_of_지능형관제_are_linked_to_3_2_5(store: Store) -> None:
    task = store.task("3-2.5")
    assert task is not None
    lines = {item.line for item_id in task.items if (item := store.item(item_id))}
    assert {896, 898, 900} <= lines


def test_b9_milestones_of_line_997_carry_their_tasks(store: Store) -> None:
    assert [(m.year, m.text[:6]) for m in store.milestones(task="4-2.1")] == [(2023, "검·인증 체")]
    assert [(m.year, m.text[:10]) for m in store.milestones(task="4-2.2")] == [(2024, "과기정통부 AI 사")]
    assert "'23 검·인증 체계 마련" in describe(store, resolve(store, "4-2.1"))


def test_a9_경호처_is_a_partner_of_3_2_6_found_by_ministry(store: Store) -> None:
    task = store.task("3-2.6")
    assert task is not None
    assert task.ministries == ["과기정통부"]  # the task table's cell, unchanged
    assert task.partners == ["경호처"]
    assert [t.id for t in store.tasks(Filter(ministries=("경호처",)))] == ["3-2.6"]
    assert "경호처" in describe(store, resolve(store, "3-2.6"))
    assert "경호처" in _panel(task_renderable(store, task))
    data = as_json(store, resolve(store, "3-2.6"))
    assert data["ministries"] == ["과기정통부"] and data["partners"] == ["경호처"]
    listed = json_of("tasks", "--ministry", "경호처", "--format", "json")
    assert [t["id"] for t in listed] == ["3-2.6"]
    assert listed[0]["ministries"] == ["과기정통부"]


# Labels are not ministries -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "line", "ministry"),
    [("D1", 81, "복지부"), ("D2", 77, "교육부"), ("E1", 344, "복지부"), ("E2", 350, "교육부"), ("E3", 353, "교육부")],
)
def test_theme_and_survey_labels_are_not_ministries(store: Store, row: str, line: int, ministry: str) -> None:
    connection = sqlite3.connect(PLAN_DB)
    found = connection.execute(
        "select count(*) from item_ministries m join items i on i.id = m.item where i.line = ? and m.ministry = ?",
        (line, ministry),
    ).fetchone()[0]
    assert found == 0, row


def test_a_joint_ministry_name_still_counts_its_halves(store: Store) -> None:
    connection = sqlite3.connect(PLAN_DB)
    ministries = {
        m
        for (m,) in connection.execute(
            "select m.ministry from item_ministries m join items i on i.id = m.item "
            "where i.line = 931 and i.area = '3-3'"
        )
    }
    assert ministries == {"고용부", "과기정통부"}  # (고용·과기정통부)


def test_ministry_filtered_search_skips_labels() -> None:
    result = aiplan("search", "돌봄로봇", "--ministry", "복지부", "--format", "json")
    assert result.returncode in (0, 1)
    assert "background-survey" not in result.stdout
    result = aiplan("search", "영어발음", "--ministry", "교육부", "--format", "json")
    assert "background-survey" not in result.stdout


# Targets say what the plan says --------------------------------------------------------------


def test_b1_b2_baselines_are_points(store: Store) -> None:
    for target_id, before, after in (("4-1/t1", 17, 34), ("4-1/t2", 34, 68)):
        target = next(t for t in store.targets() if t.id == target_id)
        assert [(p.value, p.kind, p.year_stated) for p in target.series] == [
            (before, "baseline", False),
            (after, None, True),
        ]
        assert format_series(target).startswith(f"현재(연도 미기재) {before}시간 → '25 {after}시간")


def test_d3_the_1_2_table_says_added_and_cumulative(store: Store) -> None:
    by_id = {t.id: t for t in store.targets(area="1-2")}
    hospitals = by_id["1-2/t3"]
    assert [(p.year, p.value, p.kind) for p in hospitals.series] == [
        (2023, 4, None),
        (2024, 4, "added"),
        (2024, 8, "cumulative"),  # 요약 L89: 공공병원('24년 8개)
        (2027, 35, None),
    ]
    assert "'24 4개 추가 → '24 8개(누적)" in format_series(hospitals)
    assert [p.kind for p in by_id["1-2/t1"].series] == [None, "added", None]
    assert [p.kind for p in by_id["1-2/t2"].series] == [None, "added", None]
    emergency = by_id["1-2/t4"]
    assert [(p.value, p.kind) for p in emergency.series] == [(2, None), (2, "added"), (4, "cumulative")]


def test_a13_the_baseline_year_conflict_is_noted_and_shown(store: Store) -> None:
    target = next(t for t in store.targets() if t.id == "3-2/t6")
    assert target.note is not None and "'22" in target.note and "(23)" in target.note
    assert target.note in describe(store, resolve(store, "3-2.5"))
    assert target.note.split(";")[0] in _panel(targets_renderable([target])).replace("\n", "")


def test_a11_a_milestone_span_is_shown(store: Store) -> None:
    assert "'25~'26 사전·유통단계" in describe(store, resolve(store, "3-1.1"))
    task = store.task("3-1.1")
    assert task is not None
    assert "'25~'26 사전·유통단계" in _panel(task_renderable(store, task))


UNSTATED = ["1-1/t3", "2-2/t3", "2-2/t4", "3-2/t4", "3-2/t7", "3-3/t1", "3-3/t2", "4-1/t8", "4-1/t14"]


def test_b8_every_borrowed_year_says_so_everywhere(store: Store) -> None:
    borrowed = {t.id: t for t in store.targets() if any(p.year_from_task for p in t.series)}
    assert sorted(borrowed) == sorted(UNSTATED)
    assert "연도 미기재 · 과제 '25(잠정) 8,000여명" in format_series(borrowed["1-1/t3"])
    for target in borrowed.values():
        assert target.task is not None
        assert "연도 미기재 · 과제" in describe(store, resolve(store, target.task)), target.id
        assert "연도 미기재 · 과제" in _panel(targets_renderable([target])), target.id
    for fmt in ("table", "plain", "md", "csv"):
        out = aiplan("targets", "--format", fmt).stdout
        assert out.count("연도 미기재 · 과제") >= len(UNSTATED), fmt
    points = [p for t in json_of("targets", "--format", "json") if t["id"] in UNSTATED for p in t["series"]]
    assert points and all(p["year_stated"] is False and p["year_from_task"] for p in points)


def test_a_single_point_target_has_no_full_bar(store: Store) -> None:
    single = next(t for t in store.targets() if len(t.series) == 1)
    assert "█" not in _panel(targets_renderable([single])) and "#" not in _panel(targets_renderable([single]))
    double = next(t for t in store.targets() if len(t.series) == 2)
    assert "█" in _panel(targets_renderable([double])) or "#" in _panel(targets_renderable([double]))


def test_targets_json_keeps_its_contract_for_stated_points() -> None:
    health = next(t for t in json_of("targets", "--format", "json") if t["subject"].endswith("보건소"))
    assert health["series"] == [{"year": 2023, "value": 141}, {"year": 2027, "value": 261}]


# Report-ready text ---------------------------------------------------------------------------


@pytest.mark.parametrize("node", ["3-2.6", "3-2/14", "3-2/t6"])
def test_shown_and_copied_text_has_no_line_numbers_unless_asked(store: Store, node: str) -> None:
    assert not re.search(r"\d+행", describe(store, resolve(store, node)))
    assert re.search(r"\d+행", describe(store, resolve(store, node), lines_shown=True))
    plain = aiplan("show", node).stdout
    asked = aiplan("show", node, "--lines").stdout
    assert "원문" not in plain and "추진계획 1" not in plain
    assert "원문" in asked or "과제 추진계획" in asked


def test_the_task_panel_shows_no_line_numbers(store: Store) -> None:
    for task in store.tasks():
        text = _panel(task_renderable(store, task))
        assert "원문" not in text and f"{task.line}행" not in text, task.id


# Order ---------------------------------------------------------------------------------------


def test_front_matter_comes_first_in_reading_order() -> None:
    connection = sqlite3.connect(PLAN_DB)
    rows = connection.execute("select line, position from items order by position").fetchall()
    scopes = connection.execute(
        "select coalesce(area, document), min(position), min(line) from items group by 1 order by 2"
    ).fetchall()
    assert [s[2] for s in scopes] == sorted(s[2] for s in scopes)
    assert scopes[0][0] == "contents" and scopes[1][0] == "summary"
    assert rows[0][1] == 1
    documents = connection.execute("select id from documents order by position").fetchall()
    assert [d[0] for d in documents][:3] == ["contents", "summary", "personas"]


# Conversion errors ----------------------------------------------------------------------------

# A space the conversion put inside a word: a particle or ending standing alone after its word,
# a space after a middle dot joining two words, or a space before a comma. (Rule in
# docs/decisions.md, "Spacing artifacts".)
SPACING_ARTIFACT = re.compile(
    r"[가-힣)]\s+(?:으로|에서|에게|을|를|하는|하고|하여)(?=[\s,.)]|$)|[가-힣]·\s+[가-힣]|[가-힣]\s+,|국 내"
)
# Where the plan itself writes a free-standing verb: "운동도 하고", "수 있도록 하고".
SPACING_ALLOWED = ("운동도 하고", "있도록 하고")


def _all_texts(store: Store) -> list[tuple[str, str]]:
    texts = [(r["id"], r["text"]) for r in store.rows("select id, text from items")]
    texts += [(r["item"], r["rows"]) for r in store.rows("select item, rows from tables")]
    texts += [(r["id"], r["title"]) for r in store.rows("select id, title from tasks")]
    return texts


def test_no_spacing_artifact_is_left(store: Store) -> None:
    left = [
        (node, match.group())
        for node, text in _all_texts(store)
        for match in SPACING_ARTIFACT.finditer(text)
        if not any(allowed in text[max(0, match.start() - 4) : match.end() + 1] for allowed in SPACING_ALLOWED)
    ]
    assert left == []


@pytest.mark.parametrize(
    ("line", "original", "corrected"),
    [
        (881, "휴,", "흄,"),
        (881, "식별 하는", "식별하는"),
        (918, "구축 하고", "구축하고"),
        (859, "설비· 전력", "설비·전력"),
        (890, " 하고, 전국", "하고, 전국"),
        (996, "기반 으로", "기반으로"),
        (1009, "선도 하고", "선도하고"),
        (946, "구축· 운영", "구축·운영"),
        (58, "상점 에서", "상점에서"),
        (65, "도입 하고", "도입하고"),
        (86, "제공 ,", "제공,"),
        (120, "화학물질 을", "화학물질을"),
        (142, "재직자· 구직자", "재직자·구직자"),
        (181, "분석하여.", "분석하여"),
        (251, "(23)32% - (27)100%", "('23) 32% → ('27) 100%"),
        (229, "(24년, 5,500", "('24년, 5,500"),
        (37, "II AI", "Ⅱ AI"),
        (150, "o", "○"),
        (303, "o", "○"),
        (309, "o", "○"),
        (325, "o", "○"),
        (331, "O", "○"),
        (338, "분야^{*}", "분야*"),
        (10, "배경1", "배경 1"),
        (157, "사 회 적", "사회적"),
        (608, "협업^{*}", "협업*"),
        (773, "소상 공인", "소상공인"),
        (679, "교사** 에게", "교사**에게"),
        (12, "국 내", "국내"),
        (155, "AI 일상화로 변화하는 국민의", "AI 일상화로 변화하는 국민의 삶"),
    ],
)
def test_review_conversion_errors_are_recorded_corrections(
    store: Store, line: int, original: str, corrected: str
) -> None:
    rows = store.rows(
        "select note from corrections where line = ? and original = ? and corrected = ?", (line, original, corrected)
    )
    assert len(rows) == 1


def test_the_uncertain_fume_reading_says_so(store: Store) -> None:
    note = store.rows("select note from corrections where original = '휴,'")[0]["note"]
    assert "uncertain" in note
    assert "(불의 색, 흄, 폭발열 등)" in describe(store, resolve(store, "3-2.2"))


def test_stray_dot_of_line_1123_is_recorded_as_noise(store: Store) -> None:
    assert store.rows("select text from noise where line = 1123")[0]["text"] == "·"


def test_o_marks_are_circles(store: Store) -> None:
    marks = {r["mark"] for r in store.rows("select mark from items where mark is not null")}
    assert not marks & {"o", "O"}


# Strategies 1 and 2, read the same way ---------------------------------------------------------


def test_양식_거점_points_counted_from_the_footnote_are_cumulative(store: Store) -> None:
    target = next(t for t in store.targets() if t.id == "2-2/t1")
    assert [(p.year, p.value, p.kind) for p in target.series] == [
        (2023, 1, None),
        (2024, 3, "cumulative"),
        (2025, 5, "cumulative"),
        (2026, 6, None),
    ]


def test_db_kinds_conflict_between_body_and_footnote_is_noted(store: Store) -> None:
    target = next(t for t in store.targets() if t.id == "2-3/t3")
    assert target.note is not None and "16종 이상" in target.note and "16종 추가" in target.note
    assert target.note in describe(store, resolve(store, "2-3.3"))


def test_strategy_4_has_no_scope_the_plan_does_not_give(store: Store) -> None:
    assert [s.scope for s in store.strategies()][3] is None


def test_textbook_counts_are_yearly_additions(store: Store) -> None:
    target = next(t for t in store.targets() if t.id == "1-3/t2")
    assert [(p.value, p.kind) for p in target.series] == [(18, "added"), (32, "added"), (29, "added"), (17, "added")]
    assert "'26 32책 추가" in format_series(target)


ELLIPSIS = "…"


@pytest.mark.parametrize("width", [24, 30, 40])
def test_a_narrow_targets_panel_never_cuts_a_year_or_a_value(width: int) -> None:
    """The bar and the label give way first, and a long year wraps: '24 was cut to "4 …" when
    every column was kept on one line and all shrank alike. Every value is read whole on its
    year's first line, and every word of the year whole."""
    store = Store.open(PLAN_DB)
    targets = store.targets()
    assert targets
    for target in targets:
        console = Console(width=width, record=True, color_system=None, file=io.StringIO())
        console.print(targets_renderable([target]))
        text = console.export_text()
        lines = text.splitlines()
        for point in target.series:
            year, value = point_year(point), point_value(point, target.unit)
            first_word = year.split()[0]
            assert any(line.lstrip().startswith(first_word) and value in line for line in lines), (target.id, year)
            assert all(word in text for word in year.split()), (target.id, width, year)
        assert ELLIPSIS not in text.replace(target.subject, ""), (target.id, width)
