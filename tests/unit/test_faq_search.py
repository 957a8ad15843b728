"""The FAQ search engine: ranking on the shipped content, typos, as-you-type, related entries."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.faq.search import MIN_SCORE, FaqIndex
from coach.pack.model import FaqEntry, FaqFile
from coach.pack.validate import validate


@pytest.fixture(scope="module")
def shipped() -> FaqIndex:
    # Read the file directly (not through the loader) so these tests only depend on the FAQ.
    path = Path(__file__).resolve().parents[2] / "content" / "faq.toml"
    faq = validate(FaqFile, tomllib.loads(path.read_text(encoding="utf-8"))).faq
    return FaqIndex(faq)


def entry(entry_id: str, question: str, answer: str = "An answer.", **kw: object) -> FaqEntry:
    kw.setdefault("basis", "general")
    return FaqEntry(id=entry_id, question=question, answer=answer, **kw)  # type: ignore[arg-type]


@pytest.fixture
def small() -> FaqIndex:
    return FaqIndex(
        [
            entry("cafe", "Where is the Café?", "Down the road.", tags=["places"]),
            entry(
                "links",
                "What about links?",
                "Read [the other one](faq:secretword) or [a site](https://example.org/hidden).",
                tags=["places", "reading"],
                see_also=["missing", "cafe"],
            ),
            entry("dont", "Don't panic?", "Breathe slowly.", tags=["reading"]),
            entry("long", "Something else", "Bananas. " * 500),
        ]
    )


def first_id(index: FaqIndex, query: str) -> str:
    hits = index.search(query)
    assert hits, f"nothing found for {query!r}"
    return hits[0].entry.id


# --- ranking on the shipped content ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bowel movement before a session", "preparation"),
        ("how often", "how-often"),
        ("How often?", "how-often"),
        ("which position", "positions"),
        ("lubricnt", "lubricant"),  # a typo
        ("lubri", "lubricant"),  # still typing
        ("lubrc", "lubricant"),  # a typo while still typing
        ("blood", "bleeding"),
        ("what if i see blod", "bleeding"),
        ("enema", "preparation"),  # only in an answer
        ("is it permanent", "permanent"),
        ("skip smallest", "smallest-first"),
        ("surgery", "after-surgery"),
    ],
)
def test_ranking_on_the_shipped_faq(shipped: FaqIndex, query: str, expected: str) -> None:
    assert first_id(shipped, query) == expected


def test_every_prefix_of_how_often_keeps_the_answer_near_the_top(shipped: FaqIndex) -> None:
    query = "how often should i do it"
    for end in range(len("how of"), len(query) + 1):
        assert first_id(shipped, query[:end]) == "how-often", query[:end]


def test_each_question_finds_itself_first(shipped: FaqIndex) -> None:
    for e in shipped.entries:
        assert first_id(shipped, e.question) == e.id


def test_hits_say_where_they_matched(shipped: FaqIndex) -> None:
    assert shipped.search("which position")[0].field == "question"
    assert shipped.search("disturbed")[0].field == "answer"
    assert shipped.search("enema")[0].field == "phrases"
    tagged = {hit.entry.id: hit.field for hit in shipped.search("shower")}
    assert tagged["preparation"] == "tags"


def test_scores_are_sorted_and_above_the_threshold(shipped: FaqIndex) -> None:
    hits = shipped.search("pain")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.score >= MIN_SCORE for h in hits)


# --- behaviour on a small inline FAQ ---------------------------------------------------------


def test_empty_query_lists_everything_in_content_order(small: FaqIndex) -> None:
    for query in ("", "   ", "?!"):
        hits = small.search(query)
        assert [h.entry.id for h in hits] == ["cafe", "links", "dont", "long"]
        assert all(h.field is None for h in hits)
    assert len(small.search("", limit=2)) == 2


def test_limit(shipped: FaqIndex) -> None:
    assert len(shipped.search("the", limit=3)) == 3
    assert len(shipped.search("the", limit=None)) > 3


def test_case_and_accents_do_not_matter(small: FaqIndex) -> None:
    assert first_id(small, "cafe") == "cafe"
    assert first_id(small, "CAFÉ") == "cafe"


def test_apostrophes_join_words(small: FaqIndex) -> None:
    assert first_id(small, "dont") == "dont"
    assert first_id(small, "don't") == "dont"


def test_link_targets_are_not_searchable(small: FaqIndex) -> None:
    assert small.search("secretword") == []
    assert small.search("hidden") == []
    assert first_id(small, "other one") == "links"


def test_a_long_answer_does_not_swamp_the_ranking() -> None:
    # A word 500 times scores as once: answers are indexed as sets of words, not strings.
    index = FaqIndex(
        [
            entry("once", "First", "Bananas are here. " + "Other words. " * 50),
            entry("often", "Second", "Bananas. " * 500),
        ]
    )
    scores = {h.entry.id: h.score for h in index.search("bananas")}
    assert scores["once"] == scores["often"]


def test_the_first_letters_of_a_word_look_in_titles_and_a_short_word_everywhere() -> None:
    """One or two letters typed begin thousands of words: as the start of a word they are
    looked for in questions, phrases and tags, not in answers; typed whole, a short word is
    found in an answer too, and a third letter looks in answers again."""
    index = FaqIndex(
        [
            entry("seat", "Which seat is best?", "Any chair."),
            entry("tags", "Other", "Nothing here.", tags=["sensation"]),
            entry("deep", "What helps?", "A settled routine. Ask your GP."),
        ]
    )
    for typed in ("s", "se"):
        assert {h.entry.id for h in index.search(typed)} == {"seat", "tags"}, typed
    assert "deep" in {h.entry.id for h in index.search("set")}  # "settled", in the answer
    assert [h.entry.id for h in index.search("gp")] == ["deep"]  # a whole word, in the answer


def test_nothing_matches(small: FaqIndex) -> None:
    assert small.search("xyzzy") == []
    nearest = small.nearest("xyzzy", 2)
    assert len(nearest) == 2
    assert len({e.id for e in nearest}) == 2


def test_nearest_prefers_partial_evidence(shipped: FaqIndex) -> None:
    # Only "disturbed" (in one answer) matches: too little for a match, enough to come nearest.
    query = "disturbed zebra quantum xylophone"
    assert shipped.search(query) == []
    assert shipped.nearest(query, 1)[0].id == "preparation"


def test_related(small: FaqIndex) -> None:
    links = small.get("links")
    assert links is not None
    related = [e.id for e in small.related(links)]
    # see_also first (unknown ids skipped), then shared tags; never itself
    assert related == ["cafe", "dont"]
    assert [e.id for e in small.related(links, limit=1)] == ["cafe"]


def test_related_on_the_shipped_faq(shipped: FaqIndex) -> None:
    preparation = shipped.get("preparation")
    assert preparation is not None
    related = [e.id for e in shipped.related(preparation)]
    assert related[:3] == preparation.see_also
    assert "preparation" not in related
    assert "why-do-it" in related  # shares the "bowel" tag


def test_empty_index() -> None:
    index = FaqIndex([])
    assert index.search("") == []
    assert index.search("anything") == []
    assert index.nearest("anything") == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_query_is_safe(query: str) -> None:
    index = _PROPERTY_INDEX
    hits = index.search(query)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.entry.id for h in hits}) == len(hits)
    assert len(index.nearest(query, 2)) == 2


_PROPERTY_INDEX = FaqIndex(
    [
        entry("a", "How often?", "Twice a week, [see](faq:b).", tags=["schedule"]),
        entry("b", "Which size first?", "The smallest.", tags=["sizes", "schedule"]),
        entry("c", "Ünïcödé question ß?", "Ça va. 日本語のテキスト.", tags=["intl"]),
    ]
)


def test_the_engine_imports_no_textual() -> None:
    code = (
        "import sys; import coach.faq, coach.faq.answers; "
        "from coach.faq.answers import markdown_to_plain; markdown_to_plain('**x** [a](faq:b)'); "
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- intent: stop-words, contractions, stems, phrases (generic, any pack) --------------------


def test_stop_words_and_contractions_do_not_decide_the_answer() -> None:
    index = FaqIndex(
        [
            entry("kettle", "How do I descale the kettle?", "Vinegar, then rinse."),
            entry("door", "Why won't the door close?", "The hinge needs oil.", tags=["hinge"]),
            entry("many", "What is this and how can I do that?", "Words, words."),
        ]
    )
    # "can't", "how", "I", "the" are in every other question: only "door" and "kettle" count.
    assert first_id(index, "I can't shut the door") == "door"
    assert first_id(index, "how can I clean the kettle") == "kettle"
    # A query of stop-words alone still finds the question that is made of them.
    assert first_id(index, "what is this") == "many"


def test_another_ending_of_the_same_word_matches() -> None:
    index = FaqIndex(
        [
            entry("wash", "How should it be cleaned?", "Soap."),
            entry("store", "Where does it go afterwards?", "A drawer."),
        ]
    )
    assert first_id(index, "cleaning") == "wash"
    assert first_id(index, "cleans") == "wash"


def test_phrases_find_an_entry_and_outrank_words_deep_in_an_answer() -> None:
    filler = "Some other words here. " * 40
    index = FaqIndex(
        [
            entry("body", "About the garden", filler + "Slugs eat the lettuce."),
            entry("slugs", "What eats my plants?", "Snails and slugs.", phrases=["lettuce pests"]),
        ]
    )
    assert first_id(index, "lettuce") == "slugs"
    assert first_id(index, "lettuce pests") == "slugs"
    hit = index.search("lettuce pests")[0]
    assert hit.field == "phrases"


def test_a_query_that_is_a_whole_phrase_beats_one_that_shares_its_words() -> None:
    index = FaqIndex(
        [
            entry("a", "When is the next train?", "Every hour, the next size of ticket is..."),
            entry("b", "Can I take a bigger bag?", "Yes.", phrases=["next size"]),
        ]
    )
    assert first_id(index, "next size") == "b"


def test_another_language_gets_no_english_stop_words() -> None:
    french = FaqIndex(
        [
            entry("a", "Où est la gare ?", "Tout droit."),
            entry("b", "Comment a-t-il fait ?", "Avec patience."),
        ],
        language="fr",
    )
    assert first_id(french, "a fait") == "b"  # "a" is a French word here, not dropped
    assert first_id(french, "gares") == "a"  # French stemming


def test_the_example_pack_is_searched_as_well_as_the_default() -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "pelvic-floor" / "faq.toml"
    faq = validate(FaqFile, tomllib.loads(path.read_text(encoding="utf-8"))).faq
    index = FaqIndex(faq)
    assert first_id(index, "how often") == "how-often"
    # Too little in common for a match, but the nearest question is the right one.
    assert index.nearest("how many times a day should i do the drills", 1)[0].id == "how-often"
    assert first_id(index, "i can't feel anything") == "cannot-feel-it"
    assert first_id(index, "change the timings") == "editing-the-pack"
    assert first_id(index, "belly breathing") == "belly-breathing"
