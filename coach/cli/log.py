"""``coach log ACTIVITY``: record an activity the content defines, with no timer.

For example anal sex or a plug: whether it counts toward the plan, and from when (``counts``,
``counts_from``), is the content's choice (``[[activities]]`` in program.toml), decided as it
is logged and kept with it. The questions the content names (``asks``: pain, bleeding) are
asked, from ``--answer`` or in a terminal; their answers feed the same rules and the same
safety guidance as a session's check-in. The status summary is refreshed, as after a session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from coach.cli import common
from coach.journal.figures import activity_counts_now, figures_for, needs_safety, read_journal
from coach.journal.notice import open_or_exit
from coach.journal.records import Answer
from coach.journal.status_refresh import refresh
from coach.pack.levels import activity_questions
from coach.pack.model import Activity, Pack, Question
from coach.pack.safety import show_safety
from coach.plain.checkin import prompt
from coach.session.checkin import make_checkin, parse_answer
from coach.system.safe_text import UNREADABLE_NOTICE, clean, storable


def how_it_counts(activity: Activity, pack: Pack) -> str:
    """ "counts as a session", "logged only", "counts from Size 4 on" (for plan and log)."""
    program = pack.program
    assert program is not None  # activities are the programme's
    if not activity.counts:
        return "logged only"
    rule = activity.counts_from
    if rule is None:
        return "counts as a session"
    ways = []
    if rule.level is not None:
        index = program.level_index(rule.level)
        name = program.levels[index].name if index is not None else rule.level
        ways.append(f"from {name} on")
    if rule.protocol is not None:
        titles = {p.id: p.title for p in pack.protocols}
        ways.append(f"once a session of '{titles.get(rule.protocol, rule.protocol)}' has counted")
    if rule.activity is not None:
        other = program.activity(rule.activity)
        ways.append(f"once '{other.title if other else rule.activity}' is logged")
    return "counts as a session " + " or ".join(ways) + "; before that, logged only"


def run(args: argparse.Namespace) -> int:
    pack = common.load_pack_or_exit(args)
    program = pack.program
    activities = program.activities if program is not None else []
    if not args.activity:
        if not activities:
            print("This pack defines no activities to log.")
            return 0
        assert program is not None
        for activity in activities:
            print(clean(f"{activity.id}: {activity.title} ({how_it_counts(activity, pack)})"))
        return 0
    activity = program.activity(args.activity) if program is not None else None
    if activity is None:
        known = ", ".join(a.id for a in activities) or "none"
        print(f"coach: no activity {clean(args.activity)!r}; known: {known}", file=sys.stderr)
        return 2
    today = dt.date.today()
    when = args.date or today
    if when > today:
        print("coach: that date is in the future; log what happened.", file=sys.stderr)
        return 2
    assert program is not None

    questions = activity_questions(program, activity)
    try:
        answers = _answers(questions, getattr(args, "answer", None) or [])
    except ValueError as exc:
        print(f"coach: {clean(str(exc))}", file=sys.stderr)
        return 2
    if sys.stdin is not None and sys.stdin.isatty():
        _ask(questions, answers)
    note, replaced = storable(args.note)  # bytes that were not UTF-8: kept as U+FFFD, said
    if replaced:
        print(f"coach: {UNREADABLE_NOTICE}", file=sys.stderr)
    checkin = make_checkin(questions, answers)  # every question asked: None, not answered
    with open_or_exit() as journal:
        counts = activity_counts_now(journal, pack, activity, when)
        journal.log_activity(
            pack_id=pack.info.id,
            activity_id=activity.id,
            title=activity.title,
            counts=counts,
            day=when,
            note=note,
            answers=checkin.answers,
        )
        figures = figures_for(pack, read_journal(journal, pack.info.id), today)
        refresh(pack, journal, today)  # `coach status` reads what this changed
    counted = "" if counts or not activity.counts else " (not counted toward the plan yet)"
    print(clean(f"Logged: {activity.title}, {when.isoformat()}{counted}."))
    print(clean(figures.summary))
    if questions and needs_safety(pack, None, checkin, asked=questions):
        # As after a session's check-in: the guidance, with the advice that fired first.
        note = figures.advice if figures.urgency != "none" else ""
        show_safety(pack.safety, _say, _say, "after", note)
    return 0


def _say(line: str) -> None:
    print(clean(line))


def _answers(questions: Sequence[Question], given: Sequence[str]) -> dict[str, Answer | None]:
    """``--answer ID=VALUE`` read as a check-in's answers; ValueError naming what is wrong."""
    by_id = {q.id: q for q in questions}
    answers: dict[str, Answer | None] = {}
    for item in given:
        qid, sep, text = item.partition("=")
        question = by_id.get(qid.strip())
        if not sep or question is None:
            asked = ", ".join(by_id) or "none"
            raise ValueError(
                f"--answer {item!r}: give QUESTION=ANSWER; this activity asks: {asked}"
            )
        try:
            answers[question.id] = parse_answer(question, text)
        except ValueError as exc:
            raise ValueError(f"--answer {item!r}: {exc}") from None
    return answers


def _ask(questions: Sequence[Question], answers: dict[str, Answer | None]) -> None:
    """In a terminal: the questions not answered with --answer, one line each, as plain mode
    asks them (Enter leaves one not answered: never saved as "no")."""
    for question in questions:
        if question.id in answers:
            continue
        while True:
            try:
                typed = input(clean(prompt(question)) + " ")
            except EOFError:
                return
            try:
                answers[question.id] = parse_answer(question, storable(typed)[0])
                break
            except ValueError as exc:
                print(clean(f"{exc} Or Enter to leave it unanswered."))
