"""FAQ search against measured query sets: phrasings a person types, each with its answer.

tests/data/faq_queries.toml is the set search was tuned on; faq_queries_holdout.toml was written
before that set was first scored and is never tuned against. Both must be at least 95% right
first time (bench/bench_faq.py prints the same figures).

faq_queries_fresh.toml is a third set, written before a later change to search (issue 24),
without reading the search code or the other sets, and never tuned: never edit it, and never
copy its phrasings into content. It is held to 90%.

"Right first time" is the first entry a person is shown (:meth:`FaqIndex.answer`, what
``coach faq --print`` prints and the FAQ screen highlights), whether or not it fits closely.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from coach.faq.search import FaqIndex
from coach.pack.load import load_pack
from coach.pack.model import FaqFile
from coach.pack.validate import validate

ROOT = Path(__file__).resolve().parents[2]
SETS = ("faq_queries.toml", "faq_queries_holdout.toml", "faq_queries_fresh.toml")
FRESH = "faq_queries_fresh.toml"
GOAL = {"faq_queries.toml": 0.95, "faq_queries_holdout.toml": 0.95, FRESH: 0.90}


@pytest.fixture(scope="module")
def shipped() -> FaqIndex:
    path = ROOT / "content" / "faq.toml"
    return FaqIndex(validate(FaqFile, tomllib.loads(path.read_text(encoding="utf-8"))).faq)


def queries(name: str) -> list[tuple[str, str]]:
    data = tomllib.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
    return [(item["text"], item["expect"]) for item in data["query"]]


@pytest.mark.parametrize("name", SETS)
def test_every_expected_answer_exists(shipped: FaqIndex, name: str) -> None:
    missing = {expect for _, expect in queries(name) if shipped.get(expect) is None}
    assert not missing, f"{name} expects entries the content does not have: {missing}"


def test_the_sets_are_big_enough_and_distinct() -> None:
    tuned, holdout, fresh = (queries(name) for name in SETS)
    assert len(tuned) >= 80
    assert len(holdout) >= 40
    assert len(fresh) >= 60
    assert not {text for text, _ in tuned} & {text for text, _ in holdout}
    earlier = {text.lower() for text, _ in tuned + holdout}
    assert not {text.lower() for text, _ in fresh} & earlier


@pytest.mark.parametrize("name", SETS)
def test_first_time_right(shipped: FaqIndex, name: str) -> None:
    cases = queries(name)
    misses = []
    fits = 0
    for text, expect in cases:
        found = shipped.answer(text)
        assert found.entries, f"{text!r} got no answer at all"
        got = found.entries[0].id
        if got != expect:
            misses.append(f"{text!r}: want {expect}, got {got}")
        else:
            fits += found.fits
    right = len(cases) - len(misses)
    print(f"{name}: {right}/{len(cases)} right first time, {fits} of them fitting closely")
    assert right / len(cases) >= GOAL[name], f"{right}/{len(cases)} right; misses:\n" + "\n".join(
        misses
    )


# Issue 24's "Done when": each prints the right answer first, in full.
DONE_WHEN = [
    ("my fissure is flaring up", "before-you-start"),
    ("I'm taking apixaban", "before-you-start"),
    ("bleeding after sex", "bleeding-after-sex"),
    ("should I leave it in for a while", "leave-it-in"),
    ("it's been 3 weeks and size 2 still hurts", "still-hurts"),
    ("is a toy as good as a dilator", "toy-vs-dilator"),
    ("I had a break over the holidays", "restarting"),
    ("been on the same size for 4 weeks", "still-hurts"),  # a number never sinks a query
]


@pytest.mark.parametrize(("query", "expected"), DONE_WHEN)
def test_done_when_queries_print_the_right_answer(
    query: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.main import main

    assert main(["--content", str(ROOT / "content"), "faq", "--print", query]) == 0
    out = capsys.readouterr().out
    shipped_faq = {e.id: e for e in load_pack(ROOT / "content").faq}
    assert out.splitlines()[0] == shipped_faq[expected].question
    assert "No question here fits" not in out


# Questions the default pack has no good entry for (content-proposals.md): the closest entries
# are listed, with the way to urgent help and a clinician, never one answer as if it fitted.
NO_GOOD_ENTRY = [
    "can i dilate on my period",
    "can I take my dilators in hand luggage on a plane",
    "will the NHS or insurance pay for a dilator kit",
    "im 15 is this ok for me",
    "the dilator cracked while it was inside me",
    "chest pain and dizzy after my session",
    "I had a vaginoplasty, is this the same as vaginal dilation",
    "I have genital warts around my anus can I still do this",
    "I get really anxious and ashamed doing this",
]


@pytest.mark.parametrize("query", NO_GOOD_ENTRY)
def test_no_good_entry_shows_the_closest_and_the_way_to_safety(
    shipped: FaqIndex, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = shipped.answer(query)
    assert not found.fits and len(found.entries) == 3
    from coach.cli.main import main

    assert main(["--content", str(ROOT / "content"), "faq", "--print", query]) == 0
    out = capsys.readouterr().out
    head, rest = out.split("\n\n", 1)
    assert head.startswith("No question here fits")
    listed = re.findall(r"\(coach faq --print ([a-z0-9_-]+)\)", " ".join(head.split()))
    assert listed == [entry.id for entry in found.entries]
    assert "get urgent medical help now if" in rest
    assert "ask a clinician" in rest


def test_no_query_of_any_set_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from coach.cli.main import main

    texts = [text for name in SETS for text, _ in queries(name)]
    texts += [q for q, _ in DONE_WHEN] + NO_GOOD_ENTRY
    for text in texts:
        assert main(["--content", str(ROOT / "content"), "faq", "--print", text]) == 0
        assert capsys.readouterr().out.strip(), text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("my dilator won't come out", "stuck"),
        ("numbing cream", "numbing-creams"),
        ("how do I clean and store it", "cleaning"),
        ("haemorrhoids", "haemorrhoids"),
        ("sore the next day", "sore-next-day"),
        ("can I do it every day", "every-day"),
        ("how long until it works", "results-time"),
        ("does sex count", "sex-counts"),
        ("I need to poo", "urge-to-poo"),
        ("silicone lube with a silicone dilator", "lubricant-materials"),
        ("oil with condoms", "lubricant-materials"),
    ],
)
def test_every_topic_of_issue_18_is_found_by_print(
    query: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.main import main

    assert main(["--content", str(ROOT / "content"), "faq", "--print", *query.split()]) == 0
    out = capsys.readouterr().out
    shipped_faq = validate(
        FaqFile, tomllib.loads((ROOT / "content" / "faq.toml").read_text(encoding="utf-8"))
    ).faq
    question = next(e.question for e in shipped_faq if e.id == expected)
    assert out.splitlines()[0] == question
