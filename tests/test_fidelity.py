"""The database says what the plan says: counts, hand-checked rows, and line coverage."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from aiplan_tui.store import Filter, Store


def test_the_plan_has_4_strategies_13_areas_78_tasks(store: Store) -> None:
    assert store.count("strategies") == 4
    assert store.area_ids() == [
        "1-1",
        "1-2",
        "1-3",
        "1-4",
        "2-1",
        "2-2",
        "2-3",
        "2-4",
        "3-1",
        "3-2",
        "3-3",
        "4-1",
        "4-2",
    ]
    assert len(store.tasks()) == 78


def test_task_counts_per_table_group(store: Store) -> None:
    counts = Counter(task.group for task in store.tasks())
    assert counts == {
        "(복지) 사회적 약자 돌봄·배려": 6,
        "(건강) 의료·보건 서비스 품질 제고": 5,
        "(보육·교육) 아동·청소년 성장 환경 개선": 4,
        "(문화·예술) AI로 확대되는 문화·예술 향유": 4,
        "민간 전문영역 및 소상공인 AI 활용 지원": 5,
        "농·어민 노동부담 경감 및 건강한 먹거리 생산": 6,
        "산업 생산구조를 혁신하는 AI 확산 가속화": 9,
        "고품질 대국민 공공서비스 제공": 6,
        "재난·사고 대응 국민안전 확보": 9,
        "행정기관 내부업무 효율화": 6,
        "AI 문해력 제고": 10,
        "AI 윤리·신뢰성 강화": 8,
    }


# Checked by hand against lines 1029-1131 of the source text.
SAMPLE_TASKS = [
    ("1-1.1", "독거노인 등 어르신 대상 건강관리·돌봄 서비스 제공", 2023, False, ["복지부"]),
    ("1-1.2", "보육원 보호아동 대상 학습, 정서안정, 문해력 향상 지원", 2025, True, ["과기정통부"]),
    ("1-1.3", "청각장애인 대상 AI 보조기기 지원", 2023, False, ["과기정통부", "고용부"]),
    (
        "1-1.4",
        "장애인 재활운동 및 운동코칭 AI 기기·솔루션 실증·제공",
        2023,
        False,
        ["과기정통부", "복지부", "문체부"],
    ),
    ("1-4.4", "자연유산 관련 가상영상·특수효과 생성 지원", 2025, True, ["문화재청"]),
    ("2-1.1", "민간 5대 전문분야 초거대AI 플래그십 프로젝트 추진", 2024, False, ["과기정통부"]),
    ("2-3.2", "소상공인 점포('24년 5,500개) 대상 AI 융합 디지털기기 도입 지원", 2023, False, ["중기부"]),
    ("2-4.5", "주요항만 스마트 공동물류센터 구축, AI 물류플랫폼 구축", 2023, False, ["해수부", "과기정통부"]),
    ("3-1.2", "상수도 시설 'AI 정수장' 구축 검토", 2025, True, ["환경부"]),
    ("3-2.3", "전국 223개 지점에 AI홍수예보 플랫폼 구축·운영", 2024, False, ["환경부"]),
    ("3-2.5", "AI 기반 지능형 CCTV 관제시스템 구축", 2023, False, ["행안부"]),
    ("3-2.9", "119 신고대응 AI 플랫폼 개발", 2024, False, ["소방청"]),
    ("3-3.3", "산림해충 발생 탐지·예측 AI 개발 및 모니터링 센터 실증", 2023, False, ["과기정통부", "산림청"]),
    ("4-1.1", "AI 리터러시 함양 교수학습자료 개발 및 인정과목 개설", 2023, False, ["교육부", "과기정통부"]),
    ("4-2.8", "거짓답변, 편향성 개선을 위한 기술개발", 2024, False, ["과기정통부"]),
]


@pytest.mark.parametrize(("task_id", "title", "year", "tentative", "ministries"), SAMPLE_TASKS)
def test_hand_checked_tasks(
    store: Store, task_id: str, title: str, year: int, tentative: bool, ministries: list[str]
) -> None:
    task = next(t for t in store.tasks() if t.id == task_id)
    assert (task.title, task.year, task.tentative, task.ministries) == (title, year, tentative, ministries)


def test_tentative_tasks_are_exactly_the_four_marked_잠정(store: Store) -> None:
    assert sorted(t.id for t in store.tasks() if t.tentative) == ["1-1.2", "1-4.4", "2-4.9", "3-1.2"]


def test_환경부_tasks_of_2024(store: Store) -> None:
    tasks = store.tasks(Filter(ministries=("환경부",), years=(2024,)))
    assert [t.id for t in tasks] == ["3-2.3"]


def test_every_task_is_linked_to_the_body_items_that_describe_it(store: Store) -> None:
    unlinked = [t.id for t in store.tasks() if not t.items]
    assert unlinked == []
    for task in store.tasks():
        areas = {item.split("/")[0] for item in task.items}
        assert areas == {task.area}, f"{task.id} links items outside its area: {task.items}"


def _series(store: Store, subject_part: str) -> list[tuple[int, int | float]]:
    matches = [t for t in store.targets() if subject_part in t.subject]
    assert len(matches) == 1, f"{subject_part!r} matches {[t.subject for t in matches]}"
    return [(p.year, p.value) for p in matches[0].series]


def test_hand_checked_targets(store: Store) -> None:
    assert _series(store, "보건소") == [(2023, 141), (2027, 261)]
    assert _series(store, "지능형 관제") == [(2022, 32), (2027, 100)]
    assert _series(store, "AI 디지털교과서") == [(2025, 18), (2026, 32), (2027, 29), (2028, 17)]
    assert _series(store, "스마트양식") == [(2023, 1), (2024, 3), (2025, 5), (2026, 6)]
    assert _series(store, "수위 관측소") == [(2023, 48), (2024, 258)]
    assert _series(store, "SW중심대학") == [(2023, 51), (2024, 58)]


def test_targets_carry_their_task_where_the_plan_links_one(store: Store) -> None:
    by_subject = {t.subject: t for t in store.targets()}
    cctv = next(t for s, t in by_subject.items() if "지능형 관제" in s)
    assert (cctv.area, cctv.task, cctv.unit) == ("3-2", "3-2.5", "%")
    flood = next(t for s, t in by_subject.items() if "223" in t.text and "홍수" in s)
    assert flood.task == "3-2.3" and flood.series[0].year_from_task


def test_every_recorded_fix_matches_its_source_line(store: Store, source_lines: list[str]) -> None:
    wrong = [
        (row["line"], row["original"])
        for row in store.rows("select line, original from corrections")
        if row["original"] not in source_lines[row["line"] - 1]
    ]
    assert wrong == []


def test_noise_is_a_short_list_of_lines_as_written(store: Store, source_lines: list[str]) -> None:
    noise = list(store.rows("select line, text from noise"))
    assert len(noise) <= 25
    for row in noise:
        assert row["text"].strip() in source_lines[row["line"] - 1]


# Coverage -------------------------------------------------------------------------------

LEADING_MARKS = re.compile(
    r"^(?:[\s\-–•·▶⇒□◇○◈❍●■┃※➡→]|\*+|[①-⑳❶-❿]|[oO](?=[\s(])|사례|<\d-\d>|〈\d-\d〉|\d+\.(?=\s))+"
)
DECORATION = re.compile(r"<mark>|</mark>|\^\{\*\}|\*|[<>〈〉「」\s]")
QUOTES = str.maketrans({"′": "'", "’": "'", "‘": "'"})


def normalize(text: str) -> str:
    """Compare text by its words alone: no bullets, bold or footnote stars, brackets or spaces."""
    return DECORATION.sub("", text.translate(QUOTES))


def corpus(store: Store) -> str:
    """Every text the database holds, normalized, one record per line."""
    texts: list[str] = []
    for table, columns in store.connection.execute(
        "select name, (select group_concat(name, ',') from pragma_table_info(m.name) "
        "where type = 'TEXT') from sqlite_master m where type = 'table' and name not like 'search%' "
        "and name not in ('noise', 'corrections', 'meta', 'ministry_names', 'tables')"
    ).fetchall():
        if columns:
            for row in store.connection.execute(f"select {columns} from [{table}]").fetchall():
                texts.extend(str(value) for value in row if value)
    for table in store.rows("select columns, rows from tables"):
        texts.extend(json.loads(table["columns"]))
        texts.extend(cell for row in json.loads(table["rows"]) for cell in row)
    for task in store.tasks():
        texts.append(f"'{task.year % 100}" + ("(잠정)" if task.tentative else ""))
    for area in store.rows("select theme, title from areas"):
        texts.append(f"({area['theme']}) {area['title']}")
    return "\n".join(normalize(text) for text in texts)


def covered(text: str, blob: str, shortest_piece: int = 6) -> bool:
    """Whether ``text`` is in the blob whole, or as consecutive pieces of some length.

    A source line that the curation split (a diagram line holding several labels, two persona
    stories on one line) is covered when each of its parts is found in some record.
    """
    while text:
        low, high = 0, len(text)
        while low < high:  # the longest prefix found in the blob
            middle = (low + high + 1) // 2
            if text[:middle] in blob:
                low = middle
            else:
                high = middle - 1
        if low < min(len(text), shortest_piece):
            return False
        text = text[low:]
    return True


def test_at_least_98_percent_of_source_lines_are_in_the_database(store: Store, source_lines: list[str]) -> None:
    fixes: dict[int, list[tuple[str, str]]] = {}
    for row in store.rows("select line, original, corrected from corrections order by id"):
        fixes.setdefault(row["line"], []).append((row["original"], row["corrected"]))
    noise = {row["line"] for row in store.rows("select line from noise")}
    blob = corpus(store)
    checked, missing = 0, []
    for number, line in enumerate(source_lines, start=1):
        if not line.strip() or number in noise:
            continue
        for original, corrected in fixes.get(number, []):
            line = line.replace(original, corrected)
        cells = [normalize(LEADING_MARKS.sub("", cell)) for cell in line.split("\t")]
        checked += 1
        if not all(covered(cell, blob) for cell in cells if cell):
            missing.append(f"{number}: {line}")
    coverage = 1 - len(missing) / checked
    print(f"coverage {coverage:.2%} of {checked} lines; missing:\n" + "\n".join(missing))
    assert coverage >= 0.98, "\n".join(missing)


KNOWN_CONVERSION_ERRORS = [
    r"\bAl\b",  # AI with a lowercase L
    r"\\rightarrow",
    r"</?mark>",
    r"\(특어\)",
    r"\(산물\)",
    r"\(궁궁입찰\)",
    r"\(지율 농업\)",
    r"\(보호이동\)",
    r"\(소재·호학\)",
    "픙머민",
    "武우드",
    "확사이",
    "문화재정",
]


def test_no_known_conversion_error_is_left_in_the_database(store: Store) -> None:
    texts = [row["title"] + "\n" + row["body"] for row in store.rows("select title, body from search")]
    left = [(p, t[:60]) for p in KNOWN_CONVERSION_ERRORS for t in texts if re.search(p, t)]
    assert left == []
