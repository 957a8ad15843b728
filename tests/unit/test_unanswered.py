"""A question left unanswered is a value of its own (issue 21): stored as such, shown as "not
answered" (JSON null), and never read as "no", as the lowest option, or as "could not finish".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coach.journal import seal
from coach.journal.figures import compute, needs_safety, pain_answer
from coach.journal.records import CheckIn
from coach.journal.store import Journal
from coach.outputs.export import render
from coach.outputs.report import build_report
from coach.outputs.report_html import build_html
from coach.pack.levels import all_questions
from coach.pack.model import Pack, Question
from coach.pack.validate import validate
from coach.session.checkin import make_checkin, unanswered, unanswered_text
from tests.snapshots.apps.journal_data import PROGRAM, fill, pack, program, record

TODAY = dt.date(2026, 3, 2)
UNTOUCHED = {"comfort": None, "pain": None, "bleeding": None}


def days_before(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def untouched(day: dt.date, **fields: Any):
    """A session whose check-in was saved with every question left as it started."""
    return record(day, answers=UNTOUCHED, pain=False, **fields)


# --- the saved record --------------------------------------------------------------------------


def test_a_check_in_names_every_question_asked_none_when_unanswered() -> None:
    questions = program().checkin
    saved = make_checkin(questions, {"comfort": 7})
    assert dict(saved.answers) == {"comfort": 7, "pain": None, "bleeding": None}
    assert saved.unanswered == ["pain", "bleeding"] and not saved.pain
    # After a pain stop the pain question has its answer: yes.
    stopped = make_checkin(questions, {}, pain_stopped=True)
    assert stopped.answers["pain"] is True and stopped.pain
    assert [q.id for q in unanswered(questions, {}, pain_stopped=True)] == ["comfort", "bleeding"]
    assert unanswered_text(unanswered(questions, {"comfort": 1})) == (
        "Not answered: Any pain? · Any bleeding?"
    )


def test_the_journal_keeps_not_answered_and_old_check_ins_read_as_they_were(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        fill(journal, [record(days_before(2)), untouched(days_before(1))])
    db = sqlite3.connect(path)  # the older one as a coach before this one saved it
    with db:
        db.execute(
            "UPDATE sessions SET answers = '{\"comfort\": 5}' WHERE started_ts = "
            "(SELECT min(started_ts) FROM sessions)"
        )
        seal.seal_all(db)  # as that coach wrote it: a sound row, not damage
    db.close()
    with Journal.open(path) as journal:
        old, new = journal.sessions()
    assert dict(new.answers) == UNTOUCHED
    assert dict(old.answers) == {"comfort": 5}
    rows = json.loads(render("json", [old, new], pack()))
    assert rows[1]["answers"] == {"comfort": None, "pain": None, "bleeding": None}
    assert rows[1]["pain"] is None  # not "false"
    assert rows[0]["answers"] == {"comfort": 5}  # not asked (then): absent, not null


def test_exports_say_not_answered_and_never_no() -> None:
    sessions = [untouched(days_before(2)), record(days_before(1), checked_in=False, pain=None)]
    csv_text = render("csv", sessions, pack())
    header, first, second = csv_text.splitlines()[:3]
    columns = header.split(",")
    untouched_row = dict(zip(columns, first.split(","), strict=True))
    assert untouched_row["pain"] == untouched_row["comfort"] == "not answered"
    assert untouched_row["bleeding"] == "not answered"
    # No check-in at all: nothing was asked; blank, as before.
    no_checkin = dict(zip(columns, second.split(","), strict=True))
    assert no_checkin["pain"] == no_checkin["comfort"] == ""
    table = render("table", sessions, pack())
    assert "not answered" in table and " no " not in table.splitlines()[2]


def test_pain_answer_tells_yes_no_and_not_answered() -> None:
    questions = all_questions(pack())
    assert pain_answer(record(TODAY, pain=True), questions) is True
    assert pain_answer(record(TODAY, pain_stop=True, answers=UNTOUCHED), questions) is True
    assert pain_answer(record(TODAY), questions) is False  # answered no
    assert pain_answer(untouched(TODAY), questions) is None
    assert pain_answer(record(TODAY, checked_in=False, pain=None), questions) is None


# --- rules and figures ------------------------------------------------------------------------


def test_untouched_check_ins_give_no_advice_of_their_own() -> None:
    """Issue 21: three untouched saves produced "see a specialist" advice."""
    sessions = [untouched(days_before(n)) for n in (1, 2, 3, 4, 5)]
    figures = compute(pack(), sessions, TODAY)
    assert figures.urgency == "none"
    assert figures.outcome in ("keep_going", "behind")


def test_not_answered_never_counts_toward_moving_up() -> None:
    """move-up wants pain = false and bleeding = none in 4 counted sessions: untouched
    questions are neither."""
    days = [days_before(n) for n in (1, 3, 5, 8, 10)]
    assert compute(pack(), [record(d) for d in days], TODAY).outcome == "move-up"
    assert compute(pack(), [untouched(d) for d in days], TODAY).outcome != "move-up"
    half = [record(d, answers={"comfort": 8, "pain": False, "bleeding": None}) for d in days]
    assert compute(pack(), half, TODAY).outcome != "move-up"


def with_rule(question: dict[str, Any], rule: dict[str, Any]) -> Pack:
    """The test pack with one more yes/no question and a rule on it, first."""
    from coach.pack.model import Program

    changed = {**PROGRAM, "checkin": [*PROGRAM["checkin"], question]}
    changed["rules"] = [rule, *PROGRAM["rules"]]
    return dataclasses.replace(pack(), program=validate(Program, changed))


FINISHED_RULE = {
    "id": "could-not-finish",
    "label": "Could not finish",
    "urgency": "routine",
    "advice": "You could not finish 2 of your last 3 sessions.",
    "when": {"answers": {"finished": False}, "sessions": 2, "of_last": 3},
}
FINISHED_QUESTION = {"id": "finished", "kind": "yes_no", "ask": "Could you finish?"}


def test_sessions_quit_with_the_check_in_skipped_are_not_could_not_finish() -> None:
    """Issue 21: two sessions quit with the check-in skipped produced "you could not finish 2
    of your last 3" from a rule on a yes/no question nobody answered."""
    custom = with_rule(FINISHED_QUESTION, FINISHED_RULE)
    quit_skipped = [
        record(days_before(n), completed=False, finish_reason="ended", checked_in=False)
        for n in (1, 2)
    ]
    assert compute(custom, quit_skipped, TODAY).outcome != "could-not-finish"
    left = [
        record(days_before(n), answers={**UNTOUCHED, "finished": None}, pain=False) for n in (1, 2)
    ]
    assert compute(custom, left, TODAY).outcome != "could-not-finish"
    said_no = [record(days_before(n), answers={"pain": False, "finished": False}) for n in (1, 2)]
    assert compute(custom, said_no, TODAY).outcome == "could-not-finish"


@pytest.mark.parametrize(
    "want", [False, True, "none", "<= none", ">= none", "= none", 0, "<= 10", ">= 0"]
)
def test_no_rule_condition_matches_an_unanswered_question(want: object) -> None:
    from coach.journal.figures import answer_matches

    questions = all_questions(pack())
    for question in questions.values():
        assert not answer_matches(question, None, want)  # type: ignore[arg-type]


def test_safety_after_a_check_in_never_follows_from_unanswered_questions() -> None:
    session = pack().default_protocol
    assert not needs_safety(pack(), session, CheckIn(UNTOUCHED))
    assert needs_safety(pack(), session, CheckIn({**UNTOUCHED, "bleeding": "spotting"}))
    custom = with_rule(
        FINISHED_QUESTION,
        {**FINISHED_RULE, "urgency": "soon", "when": {"answers": {"finished": False}}},
    )
    protocol = custom.default_protocol
    assert not needs_safety(custom, protocol, CheckIn({**UNTOUCHED, "finished": None}))
    assert needs_safety(custom, protocol, CheckIn({**UNTOUCHED, "finished": False}))


# --- what a clinician reads -------------------------------------------------------------------


def test_the_reports_say_not_answered() -> None:
    sessions = [
        untouched(days_before(1), resistances=2),  # listed: resistance
        record(days_before(2), answers={"comfort": 3, "pain": True, "bleeding": None}, pain=True),
    ]
    markdown = build_report(sessions, pack=pack(), pack_title="Test", today=TODAY)
    assert "2 check-ins left questions unanswered" in markdown
    assert "pain: not answered" in markdown and "bleeding: not answered" in markdown
    assert "comfort: not answered" in markdown
    html = build_html(sessions, pack=pack(), today=TODAY)
    assert "2 check-ins left questions unanswered" in html
    assert "not answered" in html


def test_a_question_typed_with_unreadable_bytes_keeps_the_rest() -> None:
    where = Question(id="where", kind="text", ask="Where?")
    saved = make_checkin(
        [*program().checkin, where], {"comfort": 4, "where": "caf\udce9"}, notes="x\udcff"
    )
    assert saved.answers["where"] == "caf\ufffd" and saved.notes == "x\ufffd"
    assert saved.answers["comfort"] == 4
    json.dumps(dict(saved.answers)).encode("utf-8")
