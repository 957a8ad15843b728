"""The "edit" key: open the content behind the screen in ``$VISUAL``/``$EDITOR``, come back
reloaded.

Screens post :class:`~coach.tui.messages.EditContent` (F4); the app hands :func:`edit` what it
needs (:class:`Editing`: where content lives, how to say and ask, how to give the terminal
away, how to reload), never itself. The finding and the command are in
:mod:`coach.pack.editing` (no Textual); here the terminal is handed to the editor
(``App.suspend``) while it runs, and content is reloaded when it returns. A file coach
installed is never opened: the person is first asked to copy the default pack (``coach init``)
and the copy is opened at the same line.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from coach.pack import editing
from coach.pack.content_state import Notice
from coach.pack.editing import EditError, Location
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.messages import EditContent

if TYPE_CHECKING:
    from coach.tui.screens.session import SessionScreen

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Editing:
    """What the edit key needs from the front end."""

    folders: Sequence[Path]
    """The content folders, the person's own first (``coach.pack.editing.precedence``)."""
    say: Callable[[Notice], None]
    ask: Callable[[ConfirmDialog, Callable[[bool | None], None]], object]
    """Push a question; its answer goes to the callback."""
    suspend: Callable[[], AbstractContextManager[object]]
    """Give the terminal to another program for the ``with`` block (``App.suspend``)."""


def step_request(protocol_id: str, step_index: int) -> EditContent:
    return EditContent(
        partial(editing.find_step, protocol_id=protocol_id, step_index=step_index),
        f"the file of protocol {protocol_id!r}",
    )


def faq_request(entry_id: str) -> EditContent:
    return EditContent(
        partial(editing.find_faq_entry, entry_id=entry_id), f"the question {entry_id!r}"
    )


def problem_request(path: Path, line: int | None) -> EditContent:
    return EditContent(lambda _folders: editing.problem_location(path, line), str(path))


def edit(how: Editing, request: EditContent, *, then: Callable[[], None]) -> None:
    """Open what ``request`` names, asking first to copy coach's own files; ``then`` once the
    editor is closed (the app looks at the content files at once, not at its next poll)."""
    found = request.find(how.folders)
    if found is None:
        how.say(
            Notice(
                f"Cannot find {request.what} in the content files.", severity="warning", timeout=5
            )
        )
        return
    if not editing.is_installed(found.path):
        _run_editor(how, found, then)
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            copy = editing.copy_for_editing(found)
        except EditError as exc:
            how.say(Notice(str(exc), severity="error", timeout=8))
            return
        how.say(
            Notice(
                f"Copied to {copy.path.parent}; coach now reads your copy.",
                severity="information",
                timeout=5,
            )
        )
        _run_editor(how, copy, then)

    try:  # an installed example cannot be copied over the default pack: say how instead
        editing.check_copyable(found)
    except EditError as exc:
        how.say(Notice(str(exc), severity="warning", timeout=8))
        return
    how.ask(
        ConfirmDialog(
            "This is coach's own copy of the content. Copy it to your content folder to edit?",
            detail="Like 'coach init': your copy is read on top of the default, and updates "
            "of coach never touch it.",
            yes="Copy and edit",
            no="Cancel",
        ),
        answered,
    )


def _run_editor(how: Editing, location: Location, then: Callable[[], None]) -> None:
    try:
        command = editing.editor_command(location)
    except EditError as exc:
        how.say(Notice(str(exc), severity="error", timeout=8))
        return
    outcome: subprocess.CompletedProcess[bytes] | BaseException | None = None
    try:
        with how.suspend():
            # Textual resumes the app only when this block ends normally (suspend() has no
            # try/finally): whatever goes wrong in here is caught in here, so the screen and
            # the keys always come back (a missing $EDITOR left a blank screen, echo on).
            try:
                outcome = subprocess.run(command, check=False)  # an argument list: no shell
            except (Exception, KeyboardInterrupt) as exc:
                outcome = exc
    except Exception as exc:  # SuspendNotSupported (e.g. a web terminal), a driver's OSError
        log.warning("cannot suspend the app for the editor", exc_info=True)
        how.say(Notice(f"Cannot open an editor here: {exc}", severity="error", timeout=8))
        return
    if isinstance(outcome, FileNotFoundError):
        how.say(
            Notice(
                f"The editor {command[0]!r} was not found. Set $VISUAL or $EDITOR to one you have.",
                severity="error",
                timeout=8,
            )
        )
        return
    if isinstance(outcome, BaseException):
        log.warning("the editor %r could not run", command[0], exc_info=outcome)
        how.say(Notice(f"The editor could not run: {outcome}", severity="error", timeout=8))
        return
    if outcome is not None and outcome.returncode != 0:
        how.say(
            Notice(
                f"The editor exited with status {outcome.returncode}.",
                severity="information",
                timeout=5,
            )
        )
    then()


def edit_session_step(screen: SessionScreen) -> None:
    """The session's edit key: pause the clock (the step is not being done while the person
    edits it), then ask for the step's file at its line."""
    view = screen.view
    if view.running:
        screen.action_pause()
    screen.post_message(step_request(view.protocol_id, view.step_index))
