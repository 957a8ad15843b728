"""Discreet mode everywhere (issue 25.6): a session in plain mode, its summary, ``coach status``
and the calendar show none of the content's own words; a step's own discreet text shows instead.

The words looked for are collected from each pack (:mod:`tests.discreet_words`), so any pack's
titles, step texts, items, cues and phase names are covered, not a list of known secrets.
The full-screen session and its summary: tests/ui/test_discreet_session.py.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import icalendar
import pytest

from coach.cli.main import main
from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack import discreet
from coach.pack.load import load_pack
from coach.pack.validate import dump
from coach.plain.session import run_plain
from coach.session.run import SessionRun
from tests.discreet_words import PACKS, leaks, secrets
from tests.helpers import make_pack


@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
def test_the_neutral_protocol_holds_no_word_of_the_content(folder: Path) -> None:
    pack = load_pack(folder)
    titles, runs = secrets(pack)
    assert titles and runs  # the check below has something to find
    for protocol in pack.protocols:
        neutral = discreet.neutral_protocol(pack, protocol)
        # every field a front end shows or says (ids are never shown)
        shown = dump(
            neutral,
            mode="json",
            exclude={"id": True, "steps": {"__all__": {"id", "on_resistance"}}},
        )
        assert leaks(pack, json.dumps(shown)) == []
        # the same steps, times and ids: it runs, counts and is journalled as the original
        assert [s.id for s in neutral.steps] == [s.id for s in protocol.steps]
        assert [s.step_seconds() for s in neutral.steps] == [
            s.step_seconds() for s in protocol.steps
        ]
        assert neutral.title.startswith("Routine ")


def test_a_step_says_its_own_discreet_words() -> None:
    pack = make_pack(
        [
            {
                "id": "kit",
                "kind": "checklist",
                "title": "Your dilator kit",
                "items": ["Dilator", "Lubricant"],
                "discreet_title": "What you need",
                "discreet_text": "The **usual** things.",
            },
            {
                "id": "hold",
                "kind": "timed",
                "title": "Hold it in place",
                "duration": "2m",
                "cues": [
                    {"at": "30s", "say": "Relax your bottom", "discreet_say": "Breathe easy"},
                    {"before_end": "1m", "say": "One minute of dilation left"},
                    {"at": "10s", "say": "Check the dilator"},
                ],
            },
        ]
    )
    run = SessionRun(pack, pack.default_protocol, clock=FakeClock(), discreet=True)
    kit, hold = run.protocol.steps
    assert (kit.title, kit.text) == ("What you need", "The **usual** things.")
    assert kit.items == [discreet.CHECKLIST_ITEM]
    assert (hold.title, hold.text) == (discreet.STEP_TITLES["timed"], "")
    assert [c.say for c in hold.cues] == ["Breathe easy", "1m left", discreet.CUE_WORDS]
    # the journal keeps the content's own name: the record is the person's, for a clinician
    assert run.source.title == "Practice" and run.protocol.title == "Routine A"
    # and without discreet mode, the content's words as written
    plain = SessionRun(pack, pack.default_protocol, clock=FakeClock())
    assert plain.protocol.steps[0].title == "Your dilator kit"


def _plain_session(folder: Path, tmp_path: Path, protocol: str | None) -> str:
    """A whole plain session, every step skipped to be seen, then the summary, the check-in
    skipped; its output."""
    args = argparse.Namespace(
        content=str(folder), protocol=protocol, speak=None, no_sound=True, discreet=True
    )
    pack = load_pack(folder)
    chosen = pack.protocol(protocol) if protocol else pack.default_protocol
    steps = sum(1 for s in chosen.steps if not s.branch_only)
    typed = io.StringIO("s\n" * steps + "skip\n")
    out = io.StringIO()
    journal = Journal.open(tmp_path / f"{protocol}.sqlite3")
    assert run_plain(args, pack=pack, journal=journal, stdin=typed, out=out) == 0
    return out.getvalue()


@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
def test_a_plain_session_says_nothing_of_the_content(
    folder: Path, tmp_path: Path, isolated_dirs: Path
) -> None:
    pack = load_pack(folder)
    for protocol in pack.protocols:
        said = _plain_session(folder, tmp_path, protocol.id)
        total = sum(1 for s in protocol.steps if not s.branch_only)
        assert f"Step {total} of {total}" in said  # every step was shown
        assert "Routine " in said and "Active time" in said
        assert leaks(pack, said) == [], said
        for step in protocol.steps:  # the content's own discreet words are what shows
            if step.discreet_title and not step.branch_only:
                assert f": {step.discreet_title}." in said


@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
def test_status_and_the_calendar_name_nothing(
    folder: Path, tmp_path: Path, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = load_pack(folder)
    _plain_session(folder, tmp_path, None)  # a session: status has figures to say
    capsys.readouterr()
    content = ["--content", str(folder)]
    for argv in (
        [*content, "status", "--discreet"],
        ["--discreet", *content, "status", "--format", "json"],
    ):
        assert main(argv) == 0
        shown = capsys.readouterr().out
        assert shown.strip() and leaks(pack, shown) == [], shown
    # the calendar: neutral by default, and in discreet mode even with --details
    for extra in ([], ["--discreet", "--details"]):
        ics = tmp_path / "plan.ics"
        argv = [*content, "plan", "--ics", str(ics), "--days", "mon", "--time", "8:00", "--force"]
        assert main([*argv, *extra]) == 0
        said = capsys.readouterr().out
        written = ics.read_text()
        (event,) = icalendar.Calendar.from_ical(written).walk("VEVENT")
        assert event["SUMMARY"] == "Routine"
        assert leaks(pack, written + said) == [], written


def test_the_offer_to_resume_names_no_step_in_discreet_mode() -> None:
    from coach.journal.resumable import ResumePoint, Visit, offer_for, resume_question

    pack = load_pack(PACKS[0])
    protocol = pack.default_protocol
    step = next(s for s in protocol.steps if s.kind == "attempts")
    index = protocol.steps.index(step)
    point = ResumePoint(
        protocol_id=protocol.id, visit=Visit(index=index, step_id=step.id, elapsed=70)
    )
    offer = offer_for(point, protocol)
    assert offer is not None
    assert step.title in resume_question(offer)  # the check below can fail
    asked = resume_question(offer, discreet=True)
    assert asked.startswith("Resume: step ") and ", 01:10 in?" in asked
    assert leaks(pack, asked) == []


def test_home_counts_without_the_level_in_discreet_mode(isolated_dirs: Path) -> None:
    import datetime as dt

    from coach.journal.figures import figures_for, read_journal
    from coach.tui.progress import progress_lines
    from tests.snapshots.apps.journal_data import fill, record

    pack = load_pack(PACKS[0])
    with Journal.open() as journal:
        fill(journal, [record(dt.date.today(), pack_id=pack.info.id, level="size-2")])
        figures = figures_for(pack, read_journal(journal, pack.info.id), dt.date.today())
        plain, _ = progress_lines(pack, journal, dt.date.today())
        neutral, _ = progress_lines(pack, journal, dt.date.today(), discreet=True)
    assert "set by" not in neutral  # who set the level names the level too
    assert figures.levels_used and figures.level_label in plain  # the check below can fail
    assert neutral.splitlines()[0] == figures.done_text
    assert figures.level_noun.lower() not in neutral.lower()
    assert figures.next_level.name not in neutral
