"""Query understanding and search over the real plan: Korean words of any length, 초성,
NFD input, ministry and year forms, and inputs that must never break anything."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiplan_tui.records import Hit
from aiplan_tui.search import initials_of, normalize, parse, parse_year, snippet, split_compounds
from aiplan_tui.store import Filter, Store

from .conftest import Plan


def refs(store: Store, text: str, where: Filter | None = None) -> list[str]:
    query = parse(text, store.ministry_names(), store.year_span())
    return [hit.ref for hit in store.search(query, where, limit=None).hits]


# Normalization ---------------------------------------------------------------------------


def test_initials_keep_positions() -> None:
    assert initials_of("홍수 예보") == "ㅎㅅ ㅇㅂ"
    assert len(initials_of("AI홍수예보")) == len("AI홍수예보")


def test_nfc_only_keeps_compatibility_jamo() -> None:
    assert normalize("ㅎㅅ") == "ㅎㅅ"
    assert unicodedata.normalize("NFKC", "ㅎㅅ") != "ㅎㅅ"  # why NFKC must not be used
    assert normalize(unicodedata.normalize("NFD", "홍수")) == "홍수"


def test_compound_consonants_are_split() -> None:
    assert split_compounds("ㄻㄳ") == "ㄹㅁㄱㅅ"
    assert parse("ㄺ").groups[0].alternatives[0].value == "ㄹㄱ"


@pytest.mark.parametrize("form", ["2024", "24", "'24", "’24", "′24", "24년", "2024년"])
def test_year_forms(form: str) -> None:
    assert parse_year(form) == 2024


@pytest.mark.parametrize("form", ["1999", "24시간", "이천이십사", ""])
def test_not_years(form: str) -> None:
    assert parse_year(form) is None


def test_a_year_word_is_a_year_only_inside_the_years_the_plan_names(plan: Plan) -> None:
    span = plan.store.year_span()
    assert span is not None
    first, last = span
    names = plan.store.ministry_names()
    for year in (first, last):
        assert parse(f"'{year % 100}", names, span).groups[0].meaning == f"year:{year}"
        assert parse_year(str(year), span) == year
    for outside in (first - 1, last + 1):
        assert parse_year(str(outside), span) is None
        assert parse(f"{outside % 100}", names, span).groups[0].meaning == "text"
    assert parse_year("99", span) is None  # a number, not 2099


def test_a_year_finds_the_tasks_that_start_then(plan: Plan) -> None:
    last = max(t.year for t in plan.store.tasks())
    starting = {t.id for t in plan.store.tasks() if t.year == last}
    found = {ref for ref in refs(plan.store, f"{last % 100}년") if "." in ref and "/" not in ref}
    assert found == starting


def test_a_task_is_found_by_its_title_and_its_초성(plan: Plan) -> None:
    for task in (plan.store.tasks()[0], plan.store.tasks()[-1]):
        word = max(task.title.split(), key=len)
        assert task.id in refs(plan.store, word)
        initials = max(initials_of(word).split(), key=len)  # of the longest run of syllables
        assert task.id in refs(plan.store, initials)


def test_snippet_marks_the_match() -> None:
    text, marks = snippet("전국 223개 지점에 AI홍수예보 플랫폼 구축", parse("홍수"))
    assert [text[s:e] for s, e in marks] == ["홍수"]


# Searching the plan ----------------------------------------------------------------------


def test_two_syllable_words_find_what_they_should(store: Store) -> None:
    flood = refs(store, "홍수")
    assert flood[0] == "3-2.3"  # the task whose title has it comes first
    assert "3-2/t4" in flood
    assert refs(store, "산불")[0] == "3-2.1"
    assert "3-3.1" in refs(store, "특허")


def test_trigram_words_use_the_index(store: Store) -> None:
    hits = refs(store, "재선충")
    assert hits and all(store.item(h) or store.task(h) for h in hits if "/" in h or "." in h)
    assert any(h.startswith("3-3/") for h in hits)


def test_several_short_words_all_must_match(store: Store) -> None:
    both = refs(store, "산불 감시")
    assert "3-2.1" in both
    fire = set(refs(store, "산불"))
    watch = set(refs(store, "감시"))
    assert set(both) <= fire & watch and len(both) < len(fire)


def test_초성_queries_match_words(store: Store) -> None:
    assert "3-2.3" in refs(store, "ㅎㅅ")
    assert "3-3.1" in refs(store, "ㅌㅎ")  # 특허
    assert refs(store, "ㄱㄱㅈㅌㅂ") != []  # 과기정통부


def test_nfd_query_matches_like_nfc(store: Store) -> None:
    assert refs(store, unicodedata.normalize("NFD", "재선충")) == refs(store, "재선충")


@pytest.mark.parametrize("form", ["과기정통부", "과학기술정보통신부", "과기부", "MSIT"])
def test_ministry_name_forms_are_understood(store: Store, form: str) -> None:
    assert set(refs(store, f"{form} 2024")) == set(refs(store, "과기정통부 2024"))


def test_year_in_a_query_means_the_start_year_of_tasks(store: Store) -> None:
    hits = store.search(parse("환경부 24년", store.ministry_names()), limit=None).hits
    task_hits = [h.ref for h in hits if h.kind == "task"]
    assert task_hits == ["3-2.3"]
    years = {task.id: task.year for task in store.tasks()}
    assert all(2024 in {years[t] for t in h.tasks} for h in hits if h.tasks)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        "(",
        ")",
        "[red]",
        "*",
        "-",
        "AND",
        "OR",
        "NEAR",
        "a OR b",
        '"홍수',
        "홍수*",
        "NEAR(홍수 산불)",
        "^",
        ":",
        "\x00",
        "\x1b[31m",
        "ㅤ",
        " ",
        "",
        "x" * 10_000,
        "홍수 " * 500,
    ],
)
def test_any_input_is_safe(plan: Plan, text: str) -> None:
    plan.store.search(parse(text, plan.store.ministry_names(), plan.store.year_span()))


def test_markup_is_searched_as_text(store: Store) -> None:
    assert refs(store, "[red]") == []
    assert refs(store, "(산불)")  # brackets are literal characters


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_fuzz_any_text_searches_without_error(store: Store, text: str) -> None:
    hits = store.search(parse(text, store.ministry_names()), limit=None).hits
    assert all(hit.kind in {"task", "area", "target", "item", "milestone", "document"} for hit in hits)


KINDS = ("task", "area", "target", "item", "milestone", "document")


def rank_key(hit: Hit) -> tuple[bool, int]:
    return (not hit.in_title, KINDS.index(hit.kind))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.sampled_from(["AI", "홍", "홍수", "ㅎ", "ㅎㅅ", "지원", "'24", "2025", "환경부", "("]), max_size=2
    ),
    limit=st.integers(1, 60),
    offset=st.integers(0, 600),
    kinds=st.lists(st.sampled_from(KINDS), max_size=2, unique=True),
)
def test_a_page_of_a_search_is_a_slice_of_the_full_one(
    store: Store, words: list[str], limit: int, offset: int, kinds: list[str]
) -> None:
    query = parse(" ".join(words), store.ministry_names())
    everything = store.search(query, limit=None)
    assert everything.total == len(everything.hits)
    assert [rank_key(h) for h in everything.hits] == sorted(rank_key(h) for h in everything.hits)
    wanted = [h for h in everything.hits if not kinds or h.kind in kinds]
    page = store.search(query, limit=limit, offset=offset, kinds=kinds)
    assert page.hits == wanted[offset : offset + limit]
    assert page.total == len(wanted)


def test_in_title_means_the_title_holds_a_word_of_the_query(store: Store) -> None:
    hits = store.search(parse("ㅎㅅ 홍수", store.ministry_names()), limit=None).hits
    assert hits
    for hit in hits:
        title_marks = snippet(hit.title, parse("ㅎㅅ 홍수"))[1] if hit.title else []
        assert hit.in_title == bool(title_marks), hit


MINISTRIES = st.sampled_from(["환경부", "과기정통부", "복지부", "행안부", "산림청"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(["AI", "홍수", "산불", "ㅎㅅ", "지원", "'24", "교육", "(", "플랫폼"]), max_size=3),
    ministries=st.lists(MINISTRIES, max_size=2, unique=True),
    years=st.lists(st.sampled_from([2023, 2024, 2025]), max_size=2, unique=True),
    strategy=st.one_of(st.none(), st.integers(1, 4)),
)
def test_every_result_satisfies_the_filters(
    store: Store, words: list[str], ministries: list[str], years: list[int], strategy: int | None
) -> None:
    where = Filter(ministries=tuple(ministries), years=tuple(years), strategy=strategy)
    query = parse(" ".join(words), store.ministry_names())
    for hit in store.search(query, where, limit=None).hits:
        linked = [t for t in (store.task(ref) for ref in hit.tasks) if t is not None]
        if ministries:
            assert set(hit.ministries) & set(ministries), hit
        if years:
            assert any(t.year in years for t in linked), hit
        if strategy is not None:
            assert hit.scope is not None and hit.scope.startswith(f"{strategy}-"), hit
    for task in store.tasks(Filter(ministries=tuple(ministries), years=tuple(years), strategy=strategy, query=query)):
        assert not ministries or set(task.ministries) & set(ministries)
        assert not years or task.year in years
        assert strategy is None or task.strategy == strategy


def test_facets_count_each_dimension_without_its_own_filter(store: Store) -> None:
    facets = store.facets(Filter(ministries=("환경부",)))
    assert facets.years == {2024: 1, 2025: 1}
    assert facets.ministries["과기정통부"] == len(store.tasks(Filter(ministries=("과기정통부",))))
    assert sum(facets.strategies.values()) == 2
