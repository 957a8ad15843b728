"""The "edit" key: open the content behind the screen in ``$VISUAL``/``$EDITOR``, come back
reloaded.

The screens' bindings call :func:`edit_step`, :func:`edit_faq_entry` or :func:`edit_problem`.
The finding and the command are in :mod:`coach.pack.editing` (no Textual); here the app is suspended
(``App.suspend``) while the editor runs, and content is reloaded when it returns. A file coach
installed is never opened: the person is first asked to copy the default pack (``coach init``)
and the copy is opened at the same line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.app import App

from coach.pack import editing
from coach.pack.editing import EditError, Location
from coach.tui.dialogs.confirm import ConfirmDialog


def edit_step(app: App, protocol_id: str, step_index: int) -> None:
    found = editing.find_step(_folders(app), protocol_id, step_index)
    _open(app, found, f"the file of protocol {protocol_id!r}")


def edit_faq_entry(app: App, entry_id: str) -> None:
    found = editing.find_faq_entry(_folders(app), entry_id)
    _open(app, found, f"the question {entry_id!r}")


def edit_problem(app: App, path: Path, line: int | None) -> None:
    _open(app, editing.problem_location(path, line), str(path))


def _folders(app: App) -> list[Path]:
    return editing.precedence(getattr(app, "content", None))


def _open(app: App, found: Location | None, what: str) -> None:
    if found is None:
        app.notify(f"Cannot find {what} in the content files.", severity="warning", markup=False)
        return
    if not editing.is_installed(found.path):
        _run_editor(app, found)
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            copy = editing.copy_for_editing(found)
        except EditError as exc:
            app.notify(str(exc), severity="error", markup=False)
            return
        app.notify(f"Copied to {copy.path.parent}; coach now reads your copy.", markup=False)
        _run_editor(app, copy)

    try:  # an installed example cannot be copied over the default pack: say how instead
        editing.check_copyable(found)
    except EditError as exc:
        app.notify(str(exc), severity="warning", markup=False, timeout=8)
        return
    app.push_screen(
        ConfirmDialog(
            "This is coach's own copy of the content. Copy it to your content folder to edit?",
            detail="Like 'coach init': your copy is read on top of the default, and updates "
            "of coach never touch it.",
            yes="Copy and edit",
            no="Cancel",
        ),
        answered,
    )


def _run_editor(app: App, location: Location) -> None:
    try:
        command = editing.editor_command(location)
    except EditError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    try:
        with app.suspend():
            done = subprocess.run(command, check=False)  # an argument list: no shell
    except FileNotFoundError:
        app.notify(f"The editor {command[0]!r} was not found.", severity="error", markup=False)
        return
    except Exception as exc:  # SuspendNotSupported (e.g. a web terminal), OSError
        app.notify(f"Cannot open an editor here: {exc}", severity="error", markup=False)
        return
    if done.returncode != 0:
        app.notify(f"The editor exited with status {done.returncode}.", markup=False)
    _reload(app)


def _reload(app: App) -> None:
    """Ask the app to look at the content files now rather than at its next poll."""
    reload = getattr(app, "reload_content", None) or getattr(app, "_poll_content", None)
    if callable(reload):
        reload()


def edit_session_step(screen) -> None:  # screen: SessionScreen (not imported: it is heavy)
    """The session's edit key: pause the clock (the step is not being done while the person
    edits it), then open the step's file at its line."""
    view = screen.view
    if view.running:
        screen.action_pause()
    edit_step(screen.app, view.protocol_id, view.step_index)
