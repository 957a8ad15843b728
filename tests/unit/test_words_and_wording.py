"""Content owns its words, and safety words follow the rule that fired (issue 23, items 8, 9):
the session noun, plurals and capitals; a single round; hints in plain mode; "URGENT" only for
an urgent rule, in plain mode and in speech."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from coach.cues.speech import Speaker, speech_listener
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.engine.timeline import build_timeline
from coach.journal.figures import compute
from coach.journal.records import CheckIn
from coach.pack.load import load_pack
from coach.pack.model import Program
from coach.pack.safety import HEADINGS, closing, show_safety
from coach.pack.words import SESSION, Noun, of_total, plural, sentence, session_noun, times
from coach.session.run import SessionRun
from tests.unit.packs import PROGRAM, write_pack
from tests.unit.test_engine import intervals, protocol, timed
from tests.unit.test_journal_progress import record, with_program
from tests.unit.test_plain import run
from tests.unit.test_safety_sections import CONTENT, shipped

SETS = PROGRAM.replace('begin = "Start slowly."', 'session_noun = "set"\nbegin = "Start slowly."')
SETS = SETS.replace('sessions = "2-3"\nper = "week"', 'sessions = "1"\nper = "day"')
HINTED = PROGRAM.replace('ask = "Any bleeding?"', 'ask = "Any bleeding?"\nhint = "A spot counts"')


# --- words ----------------------------------------------------------------------------------


def test_plurals_counts_and_capitals() -> None:
    assert [plural(n) for n in ("set", "practice", "series", "body", "day")] == [
        "sets",
        "practices",
        "serieses",
        "bodies",
        "days",
    ]
    assert plural("series", "series") == "series"  # the content can always say
    assert Noun("set", "sets").count(1) == "1 set" and SESSION.count(3) == "3 sessions"
    assert [times(n) for n in (1, 2, 5)] == ["once", "twice", "5 times"]
    assert sentence("up to 1 more set today.") == "Up to 1 more set today."
    assert sentence("2-3 more sets") == "2-3 more sets"
    assert (of_total(1, 1), of_total(2, 10)) == ("", " (2 of 10)")


def test_the_programme_names_its_sessions(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path / "p", program=SETS))
    assert session_noun(pack.program) == Noun("set", "sets")
    assert session_noun(None) == SESSION
    program = pack.program
    assert isinstance(program, Program)
    own = dataclasses.replace(program, session_noun="series", session_plural="series")
    assert session_noun(own).count(2) == "2 series"


def test_a_cue_within_intervals_ends_with_its_phase() -> None:
    step = protocol(intervals("drill", 2, cues=[{"at": "2s", "say": "harder"}])).steps[0]
    cue = next(mark for mark in build_timeline(step).marks if mark.kind == "cue")
    assert cue.data["show_for"] == 3  # the squeeze phase runs 0-5 s
    held = protocol(
        intervals("drill", 2, cues=[{"at": "2s", "say": "harder", "show_for": "20s"}])
    ).steps[0]
    cue = next(mark for mark in build_timeline(held).marks if mark.kind == "cue")
    assert cue.data["show_for"] == 20  # the content's own time wins
    plain = protocol(timed("hold", "1m", cues=[{"at": "10s", "say": "breathe"}])).steps[0]
    cue = next(mark for mark in build_timeline(plain).marks if mark.kind == "cue")
    assert "show_for" not in cue.data  # outside intervals: until the next cue or step


# --- plain mode -----------------------------------------------------------------------------


def test_plain_mode_says_the_content_noun_and_capitalises(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", program=SETS)
    code, out = run(folder, ["h", "q", "y", "", "", "", "", ""], tmp_path / "journal.sqlite3")
    assert code == 0
    assert "q  end the set" in out
    assert "End the set now?" in out
    assert "[00:00] Set ended." in out
    assert "This set does not count toward your plan: it was ended early." in out
    assert "0 of 1 today. 1 more set today." in out


def test_plain_mode_shows_a_questions_hint(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", program=HINTED)
    code, out = run(folder, ["q", "y", "", "n", "n", ""], tmp_path / "journal.sqlite3")
    assert code == 0
    lines = out.splitlines()
    asked = lines.index("Any bleeding? (y/n, Enter to skip)")
    assert lines[asked - 1] == "  (A spot counts)"


def test_plain_mode_ends_a_soon_rules_safety_page_without_urgent(tmp_path: Path) -> None:
    """The mini programme's bleeding rule is "soon": the page says so, and the last words
    say what to do *if* an urgent sign fits; it does not shout URGENT."""
    folder = write_pack(tmp_path / "p", program=PROGRAM)
    code, out = run(folder, ["q", "y", "", "n", "y", ""], tmp_path / "journal.sqlite3")
    assert code == 0
    page = out[out.index("STOP. YOUR SAFETY COMES FIRST.") :]
    assert "See a clinician · contact your clinician soon." in page
    tail = " ".join(page.split()[-40:])
    assert "URGENT:" not in page
    assert f"If any sign under {HEADINGS['urgent'].upper()} (scroll up) fits" in tail


@pytest.mark.parametrize(
    ("answers", "urgency", "heading"),
    [
        ({"bleeding": "spotting"}, "routine", "Stop for today · mention at your next visit"),
        ({"bleeding": "more"}, "soon", "Contact your clinician"),  # the label says it
        ({"bleeding": "heavy"}, "urgent", "Get medical help now"),
    ],
)
def test_the_shipped_rules_word_the_page_as_urgent_as_they_are(
    answers: dict[str, str], urgency: str, heading: str
) -> None:
    pack = load_pack(CONTENT)
    session = SessionRun(pack, pack.default_protocol, clock=FakeClock())
    note = session.safety_after(CheckIn({"pain": False, **answers}))
    assert note is not None
    assert (note.urgency, note.heading) == (urgency, heading)
    out: list[str] = []
    show_safety(pack.safety, out.append, out.append, "after", urgency=urgency, heading=heading)
    assert out[-1].startswith("URGENT:") is (urgency == "urgent")
    assert heading in out[-1]


def test_the_last_words_never_claim_more_than_the_rule() -> None:
    safety = shipped()
    assert closing(safety, "urgent", "Get medical help now").startswith("URGENT: Get medical")
    for urgency in (None, "none", "routine", "soon"):
        text = closing(safety, urgency)
        assert not text.startswith("URGENT")
        assert text.startswith("If any sign under")
        assert "emergency" in text.lower()  # what to do, if a sign fits, is still there


# --- speech ---------------------------------------------------------------------------------


class Heard(Speaker):
    def __init__(self) -> None:
        super().__init__(("true",))
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def test_speech_says_the_noun_the_lost_count_and_the_pain_words_as_conditions() -> None:
    clock = FakeClock()
    session = Session(protocol(timed("hold", "1m"), intervals("drill", 1)), clock)
    heard = Heard()
    session.subscribe(
        speech_listener(heard, session.view, safety=shipped(), noun=Noun("set", "sets"))
    )
    session.start()
    session.skip()
    assert heard.said[-2].startswith("This set won't count toward your plan: 'Hold' was skipped.")
    assert "squeeze" in heard.said[-1] and "(1 of 1)" not in " ".join(heard.said)
    session.pain_stop()
    said = heard.said[-1]
    assert said.startswith("Stopped because of pain.")
    assert f"{HEADINGS['urgent']}:" in said
    assert "If one of these fits:" in said  # the urgent help, as a condition


def test_next_is_a_sentence_in_the_content_noun_with_the_kept_verdict() -> None:
    """ "Up to 1 more set today": the figures' next sentence (home, plan, report, plain mode)
    starts with a capital and says the content's noun; a session the engine judged not to
    count (counted=False) is not counted, however it ended."""
    day = dt.date(2026, 3, 4)
    sets = with_program(plan={"sessions": "1-2", "per": "day"}, session_noun="set")
    assert compute(sets, [], day).due_next == "1-2 more sets today, at Size 1 (smallest)."
    one = compute(sets, [record(day)], day)
    assert one.due_next == "Up to 1 more set today, at Size 1 (smallest)."
    judged = record(day)._replace(counted=False)
    assert compute(sets, [judged], day).done == 0
    assert compute(sets, [record(day, hour=8), record(day)], day).due_next == "Done for today."
