"""Log an activity over home: pick one of the content's log-only activities, logged for today
(``Journal.log_activity``, the same write as ``coach log``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from coach.journal.figures import activity_counts, needs_safety, read_journal
from coach.pack.levels import activity_questions
from coach.tui.dialogs.plan_form import FORM_CSS, write_and_say
from coach.tui.literal import clean
from coach.tui.messages import OpenSafety
from coach.tui.screens.checkin import CheckInScreen

if TYPE_CHECKING:
    from coach.journal.records import CheckIn
    from coach.pack.model import Activity
    from coach.tui.app import CoachApp


class LogActivityScreen(ModalScreen[str | None]):
    """Pick one of the content's log-only activities; answers with its id, or None."""

    DEFAULT_CSS = FORM_CSS.format(name="LogActivityScreen")
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, activities: list[Activity]) -> None:
        super().__init__()
        self.activities = activities

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Log an activity for today (no timer)"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(
                        Content(clean(a.title + ("" if a.counts else " (not counted)"))), id=a.id
                    )
                    for a in self.activities
                ],
                id="activities",
            )
        yield Footer()

    @on(OptionList.OptionSelected, "#activities")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def log_activity(app: CoachApp) -> None:
    """Home's key: choose an activity and log it for today."""
    pack, journal = app.pack, app.journal
    activities = list(pack.program.activities) if pack and pack.program else []
    if pack is None or journal is None or not activities:
        app.notify("This programme defines no activities to log.", timeout=4)
        return

    program = pack.program
    assert program is not None

    def chosen(activity_id: str | None) -> None:
        activity = next((a for a in activities if a.id == activity_id), None)
        if activity is None:
            return
        questions = activity_questions(program, activity)
        if not questions:
            log(activity, None)
            return
        # The questions the content asks with it (pain, bleeding): the check-in's own form.
        app.push_screen(CheckInScreen(questions), lambda checkin: log(activity, checkin))

    def log(activity: Activity, checkin: CheckIn | None) -> None:
        today, now = app.today(), app.clock_now()
        view = read_journal(journal, pack.info.id)
        counts = activity_counts(
            pack,
            activity,
            today,
            sessions=view.sessions,
            activities=view.activities,
            level_changes=view.level_changes,
        )
        write_and_say(
            app,
            lambda: journal.log_activity(
                pack_id=pack.info.id,
                activity_id=activity.id,
                title=activity.title,
                counts=counts,
                day=today,
                answers=checkin.answers if checkin is not None else None,
                note=checkin.notes if checkin is not None else "",
                logged=now,
            ),
            f"Logged: {activity.title}" + ("." if counts else " (not counted)."),
        )
        questions = activity_questions(program, activity)
        if checkin is not None and needs_safety(pack, None, checkin, asked=questions):
            app.post_message(OpenSafety())

    app.push_screen(LogActivityScreen(activities), chosen)


__all__ = ["LogActivityScreen", "log_activity"]
