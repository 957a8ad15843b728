"""What each intent opens, built from what it needs and nothing else.

The app (coach/tui/app.py) keeps the handlers; each asks a function here for an :class:`Open`
(a screen to push, and what its answer does) or a :class:`~coach.pack.content_state.Notice`
(why not now), and does it. Nothing here holds the app: a route that writes, runs or asks gets
that as a callable. Each screen's module is imported when it is first opened (start-up pays
only for home's).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen

from coach.pack.content_state import ContentState, Notice
from coach.pack.read import Titles, read_titles
from coach.pack.source import ContentSource
from coach.tui import messages as msg
from coach.tui.screens.blank import BlankScreen  # the app's already (keeps_hidden): not lazy
from coach.tui.screens.home import HomeState

if TYPE_CHECKING:
    from coach.faq.index_build import IndexBuild
    from coach.journal.records import CheckIn
    from coach.journal.resumable import Offer
    from coach.journal.store import Journal
    from coach.pack.model import Activity, Pack
    from coach.system.settings import Settings

log = logging.getLogger(__name__)

Job = Callable[["Journal"], object]
"""A journal write, run by the writer thread on its own connection."""
Write = Callable[[str, Job], None]
"""Queue a write; the text is said once it is written."""

PAIN_ALONE = Notice(
    "Stop now. Rest, and breathe slowly. If the pain is severe, does not settle, or there is "
    "bleeding that does not stop, get medical help.",
    "Pain",
    "warning",
    30,
)
"""Safety comes first even when the content cannot be read at all."""


@dataclass(frozen=True)
class Open:
    """A screen to push, and what to do with its answer."""

    screen: Screen[Any]
    then: Callable[[Any], None] | None = None
    replace: bool = False
    """In place of the screen on top (history's own toggle), not over it."""


Route = Open | Notice | None


# --- home ------------------------------------------------------------------------------------


def first_titles(source: ContentSource[Any]) -> Titles | None:
    """The base pack's titles for the first paint (tomllib only): a user pack may hold only a
    few overrides; the validated pack replaces these a moment later."""
    folder, _ = source.sources()
    try:
        return read_titles(folder)
    except Exception:
        return None


def home_state(
    state: ContentState[Any],
    titles: Titles | None,
    discreet: bool,
    journal: Journal | None,
    today: Callable[[], dt.date],
) -> HomeState:
    return HomeState(
        pack=state.pack,
        titles=titles,
        status=state.status,
        problem=state.problem,
        using=state.using,
        discreet=discreet,
        journal=journal,
        today=today,
    )


# --- the screens -------------------------------------------------------------------------------


def questions(
    state: ContentState[Any], build: IndexBuild | None, entry_id: str | None, query: str
) -> Route:
    """The FAQ, on one entry, a search, or all, at once: its index may still be building (off
    the UI thread), and the screen takes typing meanwhile and searches once it is ready."""
    pack = state.pack
    if pack is None or build is None:
        return Notice(state.not_ready("The questions"), timeout=4)
    from coach.tui.screens.faq import FaqScreen

    screen = FaqScreen(pack, query=query, entry_id=entry_id, index=build.ready(), building=build)
    return Open(screen)


def safety(pack: Pack | None, source: ContentSource[Any]) -> Route:
    from coach.tui.screens.safety import SafetyScreen

    found = pack.safety if pack is not None else source.safety_alone()
    return PAIN_ALONE if found is None else Open(SafetyScreen(found))


def history(
    journal: Journal | None,
    pack: Pack | None,
    discreet: bool,
    today: dt.date,
    all_packs: bool,
    top: Screen[Any],
) -> Route:
    """Past sessions; from history itself (its every-pack toggle), in place of it."""
    if journal is None:
        return Notice("The journal is not available.", timeout=3)
    from coach.tui.screens.history import HistoryScreen

    program = pack.program if pack else None
    screen = HistoryScreen(
        journal, program, pack=pack, today=today, discreet=discreet, all_packs=all_packs
    )
    return Open(screen, replace=isinstance(top, HistoryScreen))


def settings(
    current: Settings, apply: Callable[[Settings], None], say: Callable[[Notice], None]
) -> Open:
    """The settings; what is saved applies at once (and is kept in the settings file)."""
    from coach.system.settings import save_settings  # after the first frame
    from coach.tui.screens.settings import SettingsScreen

    def saved(new: Settings | None) -> None:
        if new is None:
            return
        apply(new)
        try:
            save_settings(new)
        except OSError as exc:
            log.warning("saving settings failed", exc_info=True)
            why = exc.strerror or exc
            say(Notice(f"Settings apply now but could not be saved: {why}", "", "warning", 8))

    return Open(SettingsScreen(current), saved)


def about(pack: Pack | None, discreet: bool, state: ContentState[Any]) -> Route:
    if pack is None:
        return Notice(state.not_ready("The content"), timeout=4)
    from coach.tui.screens.about import AboutScreen

    return Open(AboutScreen(pack, discreet_mode=discreet))


def problems(state: ContentState[Any], command: str, *, can_quit: bool) -> Route:
    """The whole list; ``can_quit`` False over a running session (q there must not end it)."""
    if state.problems is None:
        return Notice("The content has no problems.", timeout=3)
    from coach.tui.screens.problems import ProblemsScreen

    return Open(
        ProblemsScreen(
            state.problems,
            keeping_last_good=state.pack is not None,
            command=command,
            can_quit=can_quit,
        )
    )


def is_problems(screen: Screen[Any]) -> bool:
    from coach.tui.screens.problems import ProblemsScreen

    return isinstance(screen, ProblemsScreen)


def keys(app: App[Any]) -> Route:
    """The keys of the screen on top (None on the keys themselves: they close)."""
    from coach.tui.screens.keys import KeysScreen, keys_for

    return None if isinstance(app.screen, KeysScreen) else Open(KeysScreen(keys_for(app)))


def is_blank(screen: Screen[Any]) -> bool:
    return isinstance(screen, BlankScreen)


def is_faq(screen: Screen[Any]) -> bool:
    from coach.tui.screens.faq import FaqScreen

    return isinstance(screen, FaqScreen)


def is_keys(screen: Screen[Any]) -> bool:
    from coach.tui.screens.keys import KeysScreen

    return isinstance(screen, KeysScreen)


def blank() -> Open:
    return Open(BlankScreen())


def resume(
    offer: Offer, *, starting: bool, discreet: bool, answered: Callable[[bool], None]
) -> Open:
    """Ask: go on with the interrupted session, or not (then it is kept, marked ended)."""
    detail = (
        "An unfinished session from earlier.\nResume: go on where it stopped.\n"
        "Start afresh: a new session; that one is kept, marked ended."
        if starting
        else "An unfinished session from earlier.\n"
        "Resume: go on where it stopped. No: it is kept, marked ended."
    )
    from coach.tui.dialogs.confirm import ConfirmDialog

    dialog = ConfirmDialog(
        f"{offer.said(discreet=discreet)}?",
        detail=detail,
        yes="Resume",
        no="Start afresh" if starting else "No",
    )
    return Open(dialog, lambda yes: answered(bool(yes)))


# --- the plan's two writes over home -----------------------------------------------------------


def log_activity(
    pack: Pack | None,
    journal: Journal | None,
    now: dt.datetime,
    write: Write,
    show: Callable[[Route], None],
    post: Callable[[Message], object],
) -> Route:
    """Choose one of the programme's log-only activities and log it for today, with the
    questions the content asks with it (pain, bleeding: the check-in's own form); the safety
    guidance follows an answer that calls for it, as after a session."""
    activities = list(pack.program.activities) if pack and pack.program else []
    if pack is None or journal is None or pack.program is None or not activities:
        return Notice("This programme defines no activities to log.", timeout=4)
    from coach.journal.figures import activity_counts_now, needs_safety
    from coach.pack.levels import activity_questions
    from coach.tui.dialogs.log_activity import LogActivityScreen
    from coach.tui.screens.checkin import CheckInScreen

    program, today = pack.program, now.date()

    def chosen(activity_id: str | None) -> None:
        activity = next((a for a in activities if a.id == activity_id), None)
        if activity is None:
            return
        questions = activity_questions(program, activity)
        if not questions:
            log(activity, None)
        else:
            show(Open(CheckInScreen(questions), lambda checkin: log(activity, checkin)))

    def log(activity: Activity, checkin: CheckIn | None) -> None:
        counts = activity_counts_now(journal, pack, activity, today)  # a read: never blocked
        job = partial(
            _log,
            pack_id=pack.info.id,
            activity_id=activity.id,
            title=activity.title,
            counts=counts,
            day=today,
            answers=checkin.answers if checkin is not None else None,
            note=checkin.notes if checkin is not None else "",
            logged=now,
        )
        write(f"Logged: {activity.title}" + ("." if counts else " (not counted)."), job)
        asked = activity_questions(program, activity)
        if checkin is not None and needs_safety(pack, None, checkin, asked=asked):
            post(msg.OpenSafety())

    return Open(LogActivityScreen(activities), chosen)


def _log(db: Journal, **row: Any) -> object:
    return db.log_activity(**row)


def start_date(pack: Pack | None, journal: Journal | None, today: dt.date, write: Write) -> Route:
    """Give the date the plan starts from, when the content asks for one."""
    ask = pack.program.plan.start.ask if pack and pack.program else None
    if pack is None or journal is None or not ask:
        return Notice("This programme starts with your first session: no date to set.", timeout=4)
    from coach.tui.dialogs.start_date import StartDateScreen

    pack_id = pack.info.id

    def chosen(day: dt.date | None) -> None:
        if day is not None:
            write(f"Start date set: {day.isoformat()}.", lambda db: db.set_plan_start(pack_id, day))

    return Open(StartDateScreen(ask, journal.plan_start(pack_id), today), chosen)


def last_status(pack: Pack | None, journal: Journal | None, today: dt.date) -> None:
    """`coach status`'s summary brought up to date: as the app ends (a session ended without
    its check-in, then quit, counts too), and where no home keeps it (`coach start`: a first
    session's `coach status` says it runs). Never raises; without content or journal, nothing."""
    from coach.journal.status_refresh import refresh  # the figures: not on the first frame

    refresh(pack, journal, today)


def set_level(pack: Pack | None, journal: Journal | None, now: dt.datetime, write: Write) -> Route:
    """Choose the level for the next sessions, kept with who set it (the person, or their
    clinician where the content says the clinician decides): ``coach plan --level``'s write."""
    program = pack.program if pack else None
    if pack is None or journal is None or program is None or len(program.levels) < 2:
        return Notice("This programme has no levels to choose from.", timeout=4)
    from coach.journal.figures import journal_figures
    from coach.tui.dialogs.set_level import SetLevelScreen

    current = journal_figures(journal, pack, now.date()).next_level
    by = "clinician" if program.levels_set_by == "clinician" else "person"
    noun = program.level_noun
    title = (
        f"The {noun} your clinician set for your next sessions"
        if by == "clinician"
        else f"The {noun} for your next sessions"
    )
    pack_id = pack.info.id

    def chosen(level_id: str | None) -> None:
        level = next((lv for lv in program.levels if lv.id == level_id), None)
        if level is not None:
            job = partial(_set_level, pack_id=pack_id, level_id=level.id, by=by, when=now)
            write(f"Set for your next session: {level.name}.", job)

    index = program.level_index(current.id) or 0
    return Open(SetLevelScreen(title, list(program.levels), index), chosen)


def _set_level(db: Journal, *, pack_id: str, level_id: str, by: str, when: dt.datetime) -> object:
    return db.set_level(pack_id, level_id, by, when)


def before_you_start(pack: Pack | None, state: ContentState[Any]) -> Route:
    """The pack's before-you-start page, read on its own (the palette's entry)."""
    if pack is None:
        return Notice(state.not_ready("Before you start"), timeout=4)
    from coach.tui.screens.before_start import BeforeYouStartScreen, before_you_start

    entry = before_you_start(pack)
    if entry is None:
        return Notice("This content has no before-you-start page.", timeout=4)
    return Open(BeforeYouStartScreen(entry, pack))


def first_session_page(pack: Pack, then: Callable[[bool | None], None]) -> Route:
    """Before the very first session: what to check with a clinician first, when the pack
    has it; ``s`` there starts the session (``then(True)``). None when the pack has none."""
    from coach.tui.screens.before_start import BeforeYouStartScreen, before_you_start

    entry = before_you_start(pack)
    if entry is None:
        return None
    return Open(BeforeYouStartScreen(entry, pack, offered=True), then)


# --- the palette -------------------------------------------------------------------------------


def system_commands(
    pack: Pack | None,
    post: Callable[[Message], object],
    keys: Callable[[], object],
    problems: Callable[[], object] | None,
    leave: Callable[[], object],
) -> Iterable[SystemCommand]:
    """The palette's commands besides starting a protocol and opening a question: each once,
    in coach's words. Textual's own (its key panel, theme picker, maximize, screenshot) are
    left out: coach's keys are ``?``, its theme is in Settings (where it is saved)."""
    for title, help_text, intent in (
        ("Safety", "What to do if there is pain or bleeding", msg.OpenSafety),
        ("Questions", "Search the questions", msg.OpenQuestions),
        ("History", "Past sessions", msg.OpenHistory),
        ("Settings", "Theme, sound, speech, reminders", msg.OpenSettings),
        ("About", "What this content is and where it comes from", msg.OpenAbout),
    ):
        yield SystemCommand(title, help_text, partial(_post, post, intent))
    if pack is not None and pack.info.before_you_start:
        yield SystemCommand(
            "Before you start",
            "What to check with a clinician before the first session",
            partial(_post, post, msg.OpenBeforeYouStart),
        )
    program = pack.program if pack is not None else None
    if program is not None and len(program.levels) > 1:
        yield SystemCommand(
            f"Set {program.level_noun}",
            f"The {program.level_noun} for your next sessions",
            partial(_post, post, msg.SetLevel),
        )
    yield SystemCommand("Keys", "What each key does on this screen", keys)
    if problems is not None:
        yield SystemCommand("Content problems", "What is wrong in the files", problems)
    yield SystemCommand("Quit", "Leave coach (a running session asks first)", leave)


def _post(post: Callable[[Message], object], intent: type[Message]) -> None:
    post(intent())


__all__ = ["Open", "Route", "home_state"]
