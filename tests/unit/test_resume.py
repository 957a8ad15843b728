"""Resuming an interrupted session: plain-mode sessions killed with SIGKILL at each step kind,
then rebuilt from the journal's events, offered, resumed under the same session id, or declined.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import signal
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.engine.events import EventKind
from coach.engine.resume import ResumePoint, Visit
from coach.engine.session import Session
from coach.journal.records import StoredEvent
from coach.journal.resumable import (
    decline,
    find_resumable,
    offer_for,
    rebuild,
    resume_question,
    wants_resume,
)
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.system.paths import journal_file
from tests.helpers import wait_until

from .packs import write_pack

ROOT = Path(__file__).resolve().parents[2]

EVERY_KIND = """\
id = "breathe"
title = "Breathe"

[[steps]]
id = "ready"
title = "Get ready"
kind = "checklist"
items = ["Water"]

[[steps]]
id = "read"
title = "Read this"
kind = "info"
text = "Slowly does it."

[[steps]]
id = "hold"
title = "Go in slowly"
kind = "timed"
duration = "2-60s"

[[steps]]
id = "try"
title = "Try"
kind = "attempts"
attempts = "2-4"
duration = "1-5m"
on_resistance = "reset"

[[steps]]
id = "squeeze"
title = "Squeeze"
kind = "intervals"
repetitions = 20

[[steps.phases]]
name = "Squeeze"
duration = "1s"
tone = "hold"

[[steps.phases]]
name = "Let go"
duration = "1s"
tone = "relax"

[[steps]]
id = "reset"
title = "Reset"
kind = "info"
branch_only = true
"""

# For each place to be killed: what to type, and the output line to wait for before the kill.
KILLS = {
    "checklist": ([], "Enter when done"),
    "info": ([""], "Step 2 of 5: Read this."),
    "timed": (["", ""], "Minimum time reached"),
    "attempts": (["", "", "s", "", ""], "Attempt 2"),
    "branch": (["", "", "s", "", "", "r"], "Step: Reset."),
    "intervals": (["", "", "s", "s"], "Squeeze (2 of 20)"),
}


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack", protocol=EVERY_KIND)


def killed_session(pack_dir: Path, where: str) -> str:
    """Run ``coach start --plain``, type what ``KILLS[where]`` says, wait for its line and for
    the journal to hold what the line said, then SIGKILL it."""
    typed, wait_for = KILLS[where]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--content", str(pack_dir), "start", "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    seen: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [seen.put(line) for line in proc.stdout], daemon=True).start()
    output: list[str] = []

    def until(text: str) -> None:
        while True:
            try:
                line = seen.get(timeout=20)
            except queue.Empty:
                proc.kill()
                raise AssertionError(f"no {text!r} in:\n" + "".join(output)) from None
            output.append(line)
            if text in line:
                return

    try:
        until("Step 1 of 5")
        for line in typed:
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
        until(wait_for)
        # Plain mode prints an event before the journal commits it (it subscribed first):
        # the kill comes once it is in, as any real kill comes a moment after what was seen.
        wait_until(lambda: journal_shows(where), what=f"{where}: the journal caught up")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    return "".join(output)


def journal_shows(where: str) -> bool:
    """The journal, read as a second process reads it, holds what ``KILLS[where]``'s line
    said: the step, its attempts, what came before it and, on the clock, its 2 s."""
    with Journal.open(journal_file()) as journal:
        sessions = journal.sessions()
        point = rebuild(journal.session_events(sessions[0].id)) if sessions else None
    step_id, _, attempts, outcomes, origins = EXPECTED[where]
    return (
        point is not None
        and (point.visit.step_id, point.visit.attempts, point.outcomes)
        == (step_id, attempts, outcomes)
        and tuple(v.step_id for v in point.origins) == origins
        and (where not in ("timed", "intervals") or abs(point.visit.elapsed - 2.0) <= 0.05)
    )


def stored(journal: Journal) -> tuple[int, list[StoredEvent]]:
    (session,) = journal.sessions()
    assert not session.finished
    return session.id, journal.session_events(session.id)


EXPECTED = {
    # where: (step id, position, attempts on the step, outcomes, origins)
    "checklist": ("ready", 1, 0, (), ()),
    "info": ("read", 2, 0, (("ready", "done"),), ()),
    "timed": ("hold", 3, 0, (("ready", "done"), ("read", "done")), ()),
    "attempts": ("try", 4, 2, (("ready", "done"), ("read", "done"), ("hold", "skipped")), ()),
    "branch": ("reset", 4, 0, (("ready", "done"), ("read", "done"), ("hold", "skipped")), ("try",)),
    "intervals": (
        "squeeze",
        5,
        0,
        (("ready", "done"), ("read", "done"), ("hold", "skipped"), ("try", "skipped")),
        (),
    ),
}


@pytest.mark.parametrize("where", list(KILLS))
def test_resume_after_kill_minus_nine(where: str, pack_dir: Path) -> None:
    killed_session(pack_dir, where)
    pack = load_pack(pack_dir)
    protocol = pack.default_protocol
    step_id, position, attempts, outcomes, origins = EXPECTED[where]
    with Journal.open(journal_file()) as journal:
        session_id, events = stored(journal)
        point = rebuild(events)
        assert point is not None
        assert point.session_id == session_id and point.protocol_id == "breathe"
        assert point.visit.step_id == step_id
        assert point.visit.attempts == attempts
        assert point.outcomes == outcomes
        assert tuple(v.step_id for v in point.origins) == origins
        if where == "timed":  # killed at the minimum: 2 s in, as the last event says
            assert point.visit.elapsed == pytest.approx(2.0, abs=0.05)
        if where == "intervals":  # the third phase starts at 2 s
            assert point.visit.elapsed == pytest.approx(2.0, abs=0.05)
        if where == "branch":
            assert point.origins[0].attempts == 2 and point.resistances == 1
        assert point.attempts_total == (2 if where in ("attempts", "branch") else 0)

        now = point.last_wall + dt.timedelta(minutes=30)
        offer = find_resumable(journal, pack, now, hours=6)
        if where == "checklist":  # nothing happened yet: not worth offering
            assert offer is None
            offer = offer_for(point, protocol)
            assert offer is not None
        else:
            assert offer is not None
        assert offer.position == position and offer.total == 5
        assert offer.text.startswith(f"Resume: step {position} of 5, 00:0")
        assert offer.text.endswith(f"into {protocol.steps[offer.point.visit.index].title}")
        assert find_resumable(journal, pack, now + dt.timedelta(hours=6), hours=6) is None

        # Resume under the same session id, then finish: one session record, finished.
        clock = FakeClock(wall=now)
        session = Session(protocol, clock)
        session.subscribe(partial(journal.record, offer.session_id))
        session.start_from(offer.point)
        view = session.view()
        assert view.step.id == step_id and view.position == position
        assert view.attempts == attempts
        assert view.step_elapsed == pytest.approx(point.visit.elapsed)
        assert view.active_total == pytest.approx(point.active_total)
        assert view.in_branch is bool(origins)
        clock.advance(3)
        session.tick()
        session.finish()
        (record,) = journal.sessions()
        assert record.id == session_id and record.finished and not record.completed
        assert record.active_seconds == pytest.approx(point.active_total + 3)
        assert rebuild(journal.session_events(session_id)) is None


def test_declining_closes_the_session_as_ended(pack_dir: Path) -> None:
    killed_session(pack_dir, "attempts")
    pack = load_pack(pack_dir)
    with Journal.open(journal_file()) as journal:
        session_id, events = stored(journal)
        point = rebuild(events)
        assert point is not None and point.last_wall is not None
        now = point.last_wall + dt.timedelta(hours=1)
        offer = find_resumable(journal, pack, now, hours=6)
        assert offer is not None
        decline(journal, offer, now)
        (record,) = journal.sessions()
        assert record.id == session_id and record.finished
        assert record.finish_reason == "ended" and not record.completed
        assert record.attempts == 2 and record.status == "early"
        assert find_resumable(journal, pack, now, hours=6) is None


def test_a_twice_interrupted_session_resumes_where_the_second_run_stopped(
    tmp_path: Path, pack_dir: Path
) -> None:
    pack = load_pack(pack_dir)
    protocol = pack.default_protocol
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = journal.begin_session(
            pack_id=pack.info.id,
            protocol_id=protocol.id,
            protocol_title=protocol.title,
            level_id=None,
            started=clock.now(),
        )
        first = Session(protocol, clock)
        first.subscribe(partial(journal.record, sid))
        first.start()
        first.next()
        first.next()
        clock.advance(3)
        first.next()  # the attempts step
        first.attempt()
        clock.advance(10)
        first.resistance()  # into the branch, 10 s on "try"
        clock.advance(4)
        first.pause()  # (killed here)
        point = rebuild(journal.session_events(sid))
        assert point is not None and point.paused
        assert point.visit.step_id == "reset" and point.visit.elapsed == pytest.approx(4)
        assert point.origins[0].elapsed == pytest.approx(10)
        second = Session(protocol, clock)
        second.subscribe(partial(journal.record, sid))
        second.start_from(point)
        clock.advance(2)
        second.attempt()  # ignored: a branch step
        second.next()  # back to "try": its 10 s and its one try
        clock.advance(5)
        second.attempt()  # (killed again)
        again = rebuild(journal.session_events(sid))
        assert again is not None
        assert again.visit.step_id == "try" and again.visit.attempts == 2
        assert again.visit.elapsed == pytest.approx(15)
        assert again.active_total == pytest.approx(3 + 10 + 4 + 2 + 5)
        assert again.attempts_total == 2 and again.origins == ()
        assert len(journal.sessions()) == 1


def test_a_steps_tries_survive_a_resume_on_another_step(tmp_path: Path, pack_dir: Path) -> None:
    """One count of attempts (issue 21): 2 tries, back a step, killed; resumed, forward again:
    the step goes on from 2, as the journal's count does."""
    pack = load_pack(pack_dir)
    protocol = pack.default_protocol
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = journal.begin_session(
            pack_id=pack.info.id,
            protocol_id=protocol.id,
            protocol_title=protocol.title,
            level_id=None,
            started=clock.now(),
        )
        first = Session(protocol, clock)
        first.subscribe(partial(journal.record, sid))
        first.start()
        for _ in range(3):
            first.next()
        first.attempt()
        first.attempt()
        first.back()  # (killed here, on "hold")
        point = rebuild(journal.session_events(sid))
        assert point is not None and point.visit.step_id == "hold"
        assert point.step_attempts == (("try", 2),) and point.attempts_total == 2
        second = Session(protocol, clock)
        second.subscribe(partial(journal.record, sid))
        second.start_from(point)
        second.next()
        assert second.view().attempts == 2
        second.attempt()
        assert second.view().attempts == second.view().attempts_total == 3
        again = rebuild(journal.session_events(sid))
        assert again is not None and again.visit.attempts == 3 and again.attempts_total == 3
        assert journal.session(sid).attempts == 3


def test_rebuild_ignores_finished_and_empty_sessions() -> None:
    assert rebuild([]) is None
    wall = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)

    def ev(event_kind: EventKind, **data: object) -> StoredEvent:
        return StoredEvent(1, 7, event_kind, 0.0, wall, 1.0, 0, "ready", data)

    started = ev(EventKind.STARTED, protocol_id="breathe", steps=5)
    assert rebuild([started]) is None  # never reached a step
    step = ev(EventKind.STEP, via="start", kind="checklist", title="Get ready", left=None)
    assert rebuild([started, step]) is not None
    assert rebuild([started, step, ev(EventKind.FINISHED, reason="ended")]) is None
    # A kind from a newer coach still moves the time on.
    later = StoredEvent(3, 7, "checkpoint", 0.0, wall, 42.0, 0, "ready", {})
    assert rebuild([started, step, later]).visit.elapsed == pytest.approx(41.0)


def test_a_point_that_no_longer_fits_the_content_is_not_offered(pack_dir: Path) -> None:
    protocol = load_pack(pack_dir).default_protocol
    gone = ResumePoint(protocol_id="breathe", visit=Visit(index=2, step_id="gone"))
    assert offer_for(gone, protocol) is None
    branch_only = ResumePoint(protocol_id="breathe", visit=Visit(index=5, step_id="reset"))
    assert offer_for(branch_only, protocol) is None
    moved = ResumePoint(protocol_id="breathe", visit=Visit(index=0, step_id="hold", elapsed=70))
    offer = offer_for(moved, protocol)
    assert offer is not None and offer.point.visit.index == 2
    assert offer.text == "Resume: step 3 of 5, 01:10 into Go in slowly"
    with pytest.raises(ValueError):
        Session(protocol, FakeClock()).start_from(gone)
    with pytest.raises(ValueError):
        Session(protocol, FakeClock()).start_from(branch_only)


def test_the_question_and_the_answer() -> None:
    point = ResumePoint(protocol_id="p", visit=Visit(index=0, step_id="a"))
    from coach.journal.resumable import Offer

    offer = Offer(point, "p", "P", "Go in slowly", 3, 6)
    assert resume_question(offer).startswith("Resume: step 3 of 6, 00:00 into Go in slowly?")
    assert wants_resume("") and wants_resume(" Y ") and wants_resume("resume")
    assert not wants_resume("n") and not wants_resume(None) and not wants_resume("later")


@pytest.mark.parametrize(("answer", "resumed"), [("", True), ("n", False), (None, False)])
def test_ask_to_resume(tmp_path: Path, pack_dir: Path, answer: str | None, resumed: bool) -> None:
    from coach.journal.resumable import ask_to_resume

    pack = load_pack(pack_dir)
    protocol = pack.default_protocol
    clock = FakeClock()
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = journal.begin_session(
            pack_id=pack.info.id,
            protocol_id=protocol.id,
            protocol_title=protocol.title,
            level_id=None,
            started=clock.now(),
        )
        session = Session(protocol, clock)
        session.subscribe(partial(journal.record, sid))
        session.start()
        session.next()
        clock.advance(20)
        session.pause()  # then the lid closed
        asked: list[str] = []

        def ask(question: str) -> str | None:
            asked.append(question)
            return answer

        now = clock.now() + dt.timedelta(hours=2)
        offer = ask_to_resume(journal, pack, now, 6, ask)
        assert asked == [
            "Resume: step 2 of 5, 00:20 into Read this? "
            "[Enter: resume · n: start afresh, closing it as ended]"
        ]
        assert (offer is not None) is resumed
        (record,) = journal.sessions()
        assert record.finished is (not resumed)
        assert ask_to_resume(journal, pack, now, 0, ask) is None  # 0 hours: never offered
        assert len(asked) == 1


def test_coach_start_plain_offers_the_interrupted_session_and_resumes_it(pack_dir: Path) -> None:
    """End to end: killed on the attempts step, `coach start --plain` asks, resumes there with
    its tries, and the journal ends with one finished session record, not two."""
    import io
    from argparse import Namespace

    from coach.plain.session import run_plain

    killed_session(pack_dir, "attempts")
    out = io.StringIO()
    # y: resume; then finish the attempts step and skip the rest; end; skip the check-in.
    typed = io.StringIO("y\n\n\nn\ns\nq\ny\nskip\n")
    args = Namespace(content=str(pack_dir), protocol=None, speak=None, no_sound=True)
    code = run_plain(args, pack=load_pack(pack_dir), stdin=typed, out=out)
    text = out.getvalue()
    assert code == 0, text
    assert "Resume: step 4 of 5" in text and "into Try" in text
    with Journal.open(journal_file()) as journal:
        (session,) = journal.sessions()  # one record: the resumed run wrote to the same one
        assert session.finished
        assert session.attempts >= 4  # 2 before the kill, 2 after
        kinds = [e.kind for e in journal.session_events(session.id)]
    assert kinds.count(EventKind.STARTED) == 1


def test_coach_start_plain_declined_closes_the_old_session_and_starts_afresh(
    pack_dir: Path,
) -> None:
    import io
    from argparse import Namespace

    from coach.plain.session import run_plain

    killed_session(pack_dir, "timed")
    out = io.StringIO()
    args = Namespace(content=str(pack_dir), protocol=None, speak=None, no_sound=True)
    code = run_plain(args, pack=load_pack(pack_dir), stdin=io.StringIO("n\nq\ny\nskip\n"), out=out)
    assert code == 0, out.getvalue()
    with Journal.open(journal_file()) as journal:
        old, new = sorted(journal.sessions(), key=lambda s: s.id)
    assert old.finished and old.finish_reason == "ended"
    assert new.finished and new.steps_done == 0
