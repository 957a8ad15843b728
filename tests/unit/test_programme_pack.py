"""A pack written from docs/content.md alone (tests/fixtures/three-a-day): 3 short sets a day,
a hold-time progression through level parameters, a graded bleeding question.

Its program.toml and protocol are the examples of docs/content.md section 6, as printed there.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from functools import partial
from pathlib import Path

from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.journal.figures import figures_for, needs_safety, read_journal
from coach.journal.plan import begin_at, planned_level_id
from coach.journal.records import CheckIn, for_pack
from coach.journal.store import Journal
from coach.pack.levels import protocol_for_level, resolved_protocol
from coach.pack.load import load_pack

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "three-a-day"
DOCS = ROOT / "docs" / "content.md"


def test_the_fixture_is_the_docs_example() -> None:
    section = DOCS.read_text(encoding="utf-8").split("## 6. The programme", 1)[1]
    blocks = [b.split("```", 1)[0] for b in section.split("```toml\n")[1:3]]
    program = (FIXTURE / "program.toml").read_text(encoding="utf-8")
    protocol = (FIXTURE / "protocols" / "squeeze-set.toml").read_text(encoding="utf-8")
    assert blocks[0].split("\n", 1)[1] == program
    assert blocks[1].split("\n", 1)[1] == protocol


def test_coach_check_passes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coach", "check", str(FIXTURE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "HOME": str(FIXTURE)},
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("ok")


def test_level_parameters_set_the_timer() -> None:
    pack = load_pack(FIXTURE)
    protocol = pack.protocol("squeeze-set")
    one, two = pack.program.levels  # type: ignore[union-attr]
    at_one = protocol_for_level(protocol, one)
    at_two = protocol_for_level(protocol, two)
    step_one, step_two = at_one.steps[0], at_two.steps[0]
    assert step_one.repetitions == 5 and step_two.repetitions == 10  # type: ignore[union-attr]
    assert step_one.title == "Squeeze and hold 5s" and step_two.title == "Squeeze and hold 10s"
    assert step_one.step_seconds() == (5 + 10) * 5 and step_two.step_seconds() == (10 + 10) * 10
    # The running timer: the engine's view of the step at each level.
    for resolved, hold in ((at_one, 5.0), (at_two, 10.0)):
        session = Session(resolved, FakeClock())
        session.start()
        view = session.view()
        assert view.phase is not None and view.phase.remaining == hold


def _run_a_set(journal: Journal, pack, clock: FakeClock) -> None:
    protocol = pack.protocol("squeeze-set")
    # As the session run opens one: at the planned level, with that level's parameters.
    sessions = for_pack(journal.sessions(), pack.info.id)
    level_id = planned_level_id(pack, protocol, sessions, clock.now().date())
    session_id = begin_at(journal, pack, protocol, level_id, clock.now())
    session = Session(resolved_protocol(pack, protocol, level_id), clock)
    session.subscribe(partial(journal.record, session_id))
    session.start()
    for _ in range(400):  # second by second, as the screen's clock would
        if session.finished:
            break
        clock.advance(1.0)
        session.tick()
        view = session.view()
        if view.time_up or view.step_length is None:  # the holds are over: move on
            session.next()
    assert session.finished and session.view().completed
    journal.save_checkin(
        session_id,
        CheckIn({"pain": False, "effort": 4, "bleeding": "none"}, level_id=level_id),
    )


def test_a_scripted_day_shows_3_of_3_today(tmp_path: Path) -> None:
    pack = load_pack(FIXTURE)
    day = dt.date(2026, 3, 4)
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        for hour in (8, 13, 19):
            wall = dt.datetime.combine(day, dt.time(hour), dt.UTC)
            _run_a_set(journal, pack, FakeClock(wall=wall))
            done = figures_for(pack, read_journal(journal, pack.info.id), day)
        assert done.done_text == "3 of 3 today"
        assert done.due_next == "Done for today."
        assert done.standing.started == day
        assert done.standing.review == day + dt.timedelta(weeks=6)


def test_graded_bleeding_and_pain_lead_to_safety() -> None:
    pack = load_pack(FIXTURE)
    protocol = pack.protocol("squeeze-set")
    assert not needs_safety(pack, protocol, CheckIn({"pain": False, "bleeding": "none"}))
    assert needs_safety(pack, protocol, CheckIn({"pain": False, "bleeding": "spotting"}))
    assert needs_safety(pack, protocol, CheckIn({"bleeding": "heavy"}))
    assert needs_safety(pack, protocol, CheckIn({"pain": True}, pain=True))
    # After a pain stop the guidance was just shown: pain alone doesn't repeat it.
    assert not needs_safety(pack, protocol, CheckIn({"pain": True}, pain=True), pain_shown=True)


def test_the_pelvic_floor_example_uses_the_new_features() -> None:
    example = load_pack(ROOT / "examples" / "pelvic-floor")
    program = example.program
    assert program is not None and program.plan.per == "day" and str(program.plan.sessions) == "3"
    assert "bleeding" not in {q.id for q in program.checkin}
    holds = example.protocol("hold-and-release")
    assert [q.ask for q in holds.checkin] == ["Could you feel the muscle working?"]
    first = protocol_for_level(holds, program.levels[0]).steps[1]
    last = protocol_for_level(holds, program.levels[-1]).steps[1]
    assert (first.repetitions, first.phases[0].duration.low) == (5, 5.0)  # type: ignore[union-attr]
    assert (last.repetitions, last.phases[0].duration.low) == (10, 10.0)  # type: ignore[union-attr]
