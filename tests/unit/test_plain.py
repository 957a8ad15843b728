"""Plain mode: a whole session typed line by line, as with a screen reader or over ssh.

``run_plain`` reads its input on a thread; each run here is given a few seconds on a thread of
its own, so a plain mode that waits for input that will never come fails instead of hanging.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.plain.session import HELP, PlainSession, run_plain
from tests.unit.packs import PROGRAM, write_pack

TIMEOUT = 10.0


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "mini", program=PROGRAM)


def run(
    folder: Path, lines: list[str], journal_path: Path, *, protocol: str | None = None
) -> tuple[int, str]:
    """Type ``lines`` (each followed by Enter) into a plain session; return (code, output)."""
    args = argparse.Namespace(content=str(folder), protocol=protocol, speak=None)
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    out = io.StringIO()
    result: list[int] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(
                run_plain(
                    args,
                    clock=FakeClock(),
                    stdin=stdin,
                    out=out,
                    journal=Journal.open(journal_path),
                )
            )
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    assert not thread.is_alive(), "plain mode is still waiting:\n" + out.getvalue()
    if errors:
        raise errors[0]
    return result[0], out.getvalue()


def only_session(journal_path: Path):
    with Journal.open(journal_path) as journal:
        (session,) = journal.sessions()
        checkins = journal.checkins(session.id)
    return session, checkins


def test_a_whole_session_typed_line_by_line(mini: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    code, out = run(
        mini,
        [
            "h",  # help
            "t",  # the time
            "",  # Enter: the checklist is done
            "n",  # next: too early, the intervals run 30 s (done means done for its time)
            "s",  # skip them: the session will not count, and plain mode says so at once
            "",  # Enter on an attempts step: one try
            "r",  # resistance: to the reset step
            "n",  # back from the reset step
            "jump",  # not a command
            "n",  # too early to move on: 3-5 minutes
            "s",  # skip the last step: the session is done
            # the check-in
            "7",
            "n",
            "n",
            "felt fine",
        ],
        journal,
    )
    assert code == 0
    assert HELP.format(noun="session") in out
    assert "Session 00:00 · step 1 of 3: Get ready · 00:00 on this step" in out
    for expected in (
        "[00:00] Step 1 of 3: Get ready.",
        "  [ ] Water",
        "[00:00] Step 2 of 3: In and out.",
        "  In 4s, Out 6s; 3 times. coach calls each change.",
        "You can move on after 00:30 (00:30 to go). Type s to skip anyway, but then this "
        "session won't count toward your plan.",
        "[00:00] This session won't count toward your plan: 'In and out' was skipped. "
        "Type b to go back to it.",
        "[00:00] Step 3 of 3: Try.",
        "  Time: 3m to 5m. You may move on after 3m.",
        "[00:00] Attempt 1 (expected 4-6).",
        "[00:00] Resistance noted. Follow the reset step, then come back.",
        "[00:00] Step: Reset.",
        "[00:00] Back to: Try.",
        "Not a command: 'jump'. Type h for help.",
        "You can move on after 03:00 (03:00 to go). Type s to skip anyway.",
        "[00:00] Session complete. Well done.",
        "steps done 1 of 3 · skipped 2 · attempts 1 · resistance 1",
        "This session does not count toward your plan: 'In and out' was skipped.",
        "How comfortable was it? 0 (not at all) to 10 (fully) (Enter to skip)",
        "Saved.",
        # The figures, in the plan's unit, from coach.journal.figures like everywhere else.
        # No protocol of this pack uses levels: no level in the line.
        "0 of 2-3 this week. 2-3 more sessions this week.",
    ):
        assert expected in out, f"{expected!r} missing from:\n{out}"
    # Steps come in order, each announced once.
    assert out.index("Step 1 of 3") < out.index("Step 2 of 3") < out.index("Step 3 of 3")
    assert out.count("Step 2 of 3: In and out.") == 1
    assert "STOP. YOUR SAFETY COMES FIRST." not in out  # no pain, no bleeding: no alarm

    session, checkins = only_session(journal)
    assert (session.protocol_id, session.finished, session.completed) == ("breathe", True, True)
    assert (session.steps_done, session.attempts, session.resistances) == (1, 1, 1)
    assert session.counted is False  # the engine's verdict, kept by the journal
    assert session.pain_stop is False
    assert (session.comfort, session.pain, session.bleeding, session.notes) == (
        7,
        False,
        False,
        "felt fine",
    )
    assert len(checkins) == 1


def test_quit_asks_first_and_anything_but_yes_carries_on(mini: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    code, out = run(mini, ["q", "no", "", "q", "y", "skip"], journal)
    assert code == 0
    assert out.count("End the session now? Type y and Enter to end") == 2
    assert "Carrying on." in out
    assert "[00:00] Step 2 of 3: In and out." in out  # the "" after "no" was a command again
    assert "[00:00] Session ended." in out
    assert "Check-in skipped." in out
    session = only_session(journal)[0]
    assert (session.finished, session.completed, session.finish_reason) == (True, False, "ended")
    assert session.checked_in is False


def test_a_pain_stop_prints_the_safety_guidance_and_does_not_ask_about_pain(
    mini: Path, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.sqlite3"
    code, out = run(mini, ["", "p", "2", "n", ""], journal)
    assert code == 0
    stop = out.index("[00:00] Stopped because of pain.")
    guidance = out[stop:]
    # Urgent help first, what can be normal last (the one order of coach.pack.safety).
    expected = (
        "STOP. YOUR SAFETY COMES FIRST.",
        "  Stop and rest.",
        "GET URGENT MEDICAL HELP NOW IF:",
        "  - Bleeding that does not stop",
        "Warning signs: stop for today",
        "  - Sharp pain",
        "When to see a clinician:",
        "  See your clinician if pain persists.",
        "What can be normal:",
        "  - Mild stretch",
    )
    places = []
    for line in expected:
        assert line in guidance, f"{line!r} missing after the pain stop:\n{out}"
        places.append(guidance.index(line))
    assert places == sorted(places)
    assert guidance.index("STOP. YOUR SAFETY") < guidance.index("Check-in")  # at once
    assert "Any pain?" not in out  # known already
    assert "Any bleeding? (y/n" in out
    assert out.count("STOP. YOUR SAFETY COMES FIRST.") == 1  # not again after the check-in

    session = only_session(journal)[0]
    assert (session.pain_stop, session.finish_reason, session.completed) == (True, "pain", False)
    assert (session.comfort, session.pain, session.bleeding) == (2, True, False)


def test_bleeding_in_the_check_in_prints_the_safety_guidance(mini: Path, tmp_path: Path) -> None:
    code, out = run(mini, ["q", "y", "", "n", "y", ""], tmp_path / "journal.sqlite3")
    assert code == 0
    assert out.index("Saved.") < out.index("STOP. YOUR SAFETY COMES FIRST.")


def test_end_of_input_ends_the_session_cleanly_and_keeps_it(mini: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    code, out = run(mini, [""], journal)  # one Enter, then Ctrl-D
    assert code == 0
    assert "Input closed: ending the session." in out
    assert "Check-in skipped." in out  # no waiting for answers that cannot come
    session = only_session(journal)[0]
    assert (session.finished, session.completed, session.steps_done) == (True, False, 1)
    assert session.checked_in is False


def test_end_of_input_during_the_check_in_skips_the_rest(mini: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    code, out = run(mini, ["q", "y", "5"], journal)
    assert code == 0
    assert "The rest is skipped; what you answered is saved." in out
    session = only_session(journal)[0]
    assert session.checked_in and session.comfort == 5
    assert session.answer("pain") is None and "pain" in session.answers  # not answered
    code, out = run(mini, ["q", "y"], tmp_path / "other.sqlite3")
    assert "Check-in skipped." in out  # nothing answered: no check-in
    assert only_session(tmp_path / "other.sqlite3")[0].checked_in is False


def test_a_bad_comfort_answer_is_asked_again(mini: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    code, out = run(mini, ["q", "y", "11", "ten", "4", "", "", ""], journal)
    assert code == 0
    tail = "Or Enter to leave it unanswered."
    assert out.count(f"11 is above 10, the highest on this scale. {tail}") == 1
    assert out.count(f"'ten' is not a whole number: type one from 0 to 10. {tail}") == 1
    assert only_session(journal)[0].comfort == 4


def test_an_unclear_yes_or_no_is_asked_again_not_saved_as_no(mini: Path, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    code, out = run(mini, ["q", "y", "", "maybe", "yes", "n", ""], journal)
    assert code == 0
    assert out.count("'maybe' is not yes or no: type y or n. Or Enter to leave it unanswered.") == 1
    session = only_session(journal)[0]
    assert (session.pain, session.bleeding) == (True, False)


def test_an_unknown_protocol_is_refused_with_the_known_ones(
    mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(mini, [], tmp_path / "journal.sqlite3", protocol="nope")
    assert code == 2
    assert "no protocol 'nope'; known: breathe" in capsys.readouterr().err


def test_the_clock_is_printed_on_changes_and_on_request(mini: Path) -> None:
    """Time-driven output, with the clock moved by hand (plain mode prints changes, not ticks)."""
    pack = load_pack(mini)
    clock = FakeClock()
    out = io.StringIO()
    plain = PlainSession(pack, pack.default_protocol, clock=clock, out=out)
    plain.start()
    plain.handle("")  # to the intervals step: In 4 s, Out 6 s, three times
    clock.advance(5)
    plain.session.tick()
    plain.handle("t")
    plain.handle(" ")  # pause
    clock.advance(60)  # paused time does not count
    plain.handle("t")
    plain.handle("w")  # resume
    clock.advance(25)
    plain.session.tick()
    text = out.getvalue()
    assert "[00:00] In (1 of 3)" in text
    assert "[00:04] Out" in text
    assert "Session 00:05 · step 2 of 3: In and out · 00:25 left · Out, 5s left" in text
    assert "Session 00:05 · step 2 of 3: In and out · 00:25 left · Out, 5s left · PAUSED" in text
    assert "[00:05] Paused." in text
    assert "[00:05] Resumed after 1m." in text
    assert "[00:30] Time is up: type n to move on." in text
    assert "[00:10] In (2 of 3)" in text and "[00:20] In (3 of 3)" in text


def test_coach_start_plain_in_a_pipe(mini: Path, isolated_dirs: Path) -> None:
    """The real command, stdin piped: no terminal codes in what a screen reader would read."""
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "coach", "--content", str(mini), "start", "--plain"],
        input="t\n\ns\nq\ny\n6\nn\nn\nfrom a pipe\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "[00:00] Step 2 of 3: In and out." in done.stdout
    assert "[00:00] Step 3 of 3: Try." in done.stdout
    assert "step 1 of 3: Get ready" in done.stdout  # the "t"
    assert "Saved." in done.stdout
    assert "\x1b" not in done.stdout + done.stderr
    with Journal.open() as journal:  # the isolated default journal
        (session,) = journal.sessions()
    assert (session.comfort, session.notes, session.steps_done) == (6, "from a pipe", 1)


def test_nothing_from_content_sends_an_escape_code_to_the_terminal(tmp_path: Path) -> None:
    esc = "\\u001b[31m\\u009b2J\\u0007"  # as TOML escapes: ESC, a C1 CSI, BEL
    protocol = f"""\
id = "breathe"
title = "Breathe {esc}"
[[steps]]
id = "ready"
title = "Get ready {esc}"
kind = "checklist"
items = ["Water {esc}"]
text = "Text {esc}"
[[steps]]
id = "hold"
title = "Hold"
kind = "timed"
duration = "1m"
  [[steps.cues]]
  at = "1s"
  say = "Cue {esc}"
"""
    folder = write_pack(
        tmp_path / "hostile",
        protocol=protocol,
        pack=f'id = "mini"\ntitle = "Mini {esc}"\ndefault_protocol = "breathe"\n',
    )
    code, out = run(folder, ["", "t", "q", "y", "skip"], tmp_path / "journal.sqlite3")
    assert code == 0
    assert not any(c in out for c in "\x1b\x9b\x07"), repr(out)
    assert "Get ready \\x1b[31m\\x9b2J\\x07" in out  # shown, made visible
    assert "  [ ] Water \\x1b[31m" in out


def test_a_plain_session_brings_the_status_line_up_to_date(content_dir: Path) -> None:
    """After a plain-mode check-in reporting heavy bleeding, `coach status` says what the app
    would: talk to the clinician first (the summary is written as the session ends)."""
    import argparse
    import io

    from coach.journal.status_summary import read_summary
    from coach.pack.load import load_pack
    from coach.plain.session import run_plain

    pack = load_pack(content_dir)
    # Start, stop for pain; then comfort 4, bleeding 4 (heavy), the size as planned, no note.
    typed = io.StringIO("p\n4\n4\n\n\n")
    args = argparse.Namespace(content=str(content_dir), protocol=None, speak=None, no_sound=True)
    out = io.StringIO()
    assert run_plain(args, pack=pack, stdin=typed, out=out) == 0, out.getvalue()
    summary = read_summary()
    assert summary is not None, out.getvalue()
    assert summary.urgency == "urgent", out.getvalue()


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_a_note_that_is_not_utf8_keeps_every_answer(isolated_dirs: Path, errors: str) -> None:
    """Issue 21, as reported: `printf 'q\\ny\\n7\\ny\\nfelt caf\\xe9 ok\\n' | coach start --plain
    control-drill` lost the whole check-in (the pain "yes" too). A strict UTF-8 locale's
    stdin would have failed on the byte instead, and left the session waiting for good."""
    env = {**os.environ, "PYTHONIOENCODING": f"utf-8:{errors}"}
    done = subprocess.run(
        [sys.executable, "-m", "coach", "start", "--plain", "control-drill"],
        input=b"q\ny\n7\ny\nfelt caf\xe9 ok\n",
        capture_output=True,
        timeout=60,
        env=env,
    )
    out = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, done.stderr
    assert "Saved." in out and "could not be read" in out
    with Journal.open() as journal:
        (session,) = journal.sessions()
    assert dict(session.answers) == {"comfort": 7, "pain": True}
    assert session.pain and session.notes == "felt caf\ufffd ok"


def test_untouched_questions_are_null_in_the_history(isolated_dirs: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coach", "start", "--plain", "control-drill"],
        input="q\ny\n\n\n\n",  # both questions left, no note; at "save?" the input ends
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Not answered: How comfortable was it? · Any pain?" in done.stdout
    history = subprocess.run(
        [sys.executable, "-m", "coach", "history", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (row,) = json.loads(history.stdout)
    assert row["answers"] == {"comfort": None, "pain": None}
    assert row["pain"] is None
