"""The app's own journal writes outside a session (an activity logged, the plan's start date):
queued to the journal's writer thread (coach.journal.writer), never written on the UI thread.

Mixed into the app (:class:`WritesJournal`, before ``App``). Each write's result comes back as
a :class:`WritesJournal.Written` message (posted from the writer's thread, handled on the
app's): "Logged" is said only once it is written. A write the journal refuses for now
(another program holds the lock, a full disk) stays queued and is retried; after a few
seconds the person hears that it is not written yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.message import Message

from coach.pack.content_state import Notice

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.journal.writer import JournalWriter

Job = Callable[["Journal"], object]

CLOSE_SECONDS = 2.0
"""How long quitting waits for queued writes (they are retried as long as coach runs)."""
NOT_YET_SECONDS = 3.0
NOT_WRITTEN_YET = Notice(
    "Not written to your journal yet (it is busy or full): it is kept, and coach keeps trying.",
    severity="warning",
    timeout=15,
)


class WritesJournal(App[Any]):
    """One writer thread for the app's own writes, started at the first one."""

    journal: Journal | None

    class Written(Message):
        """A write finished (``error``: why it could not be)."""

        def __init__(self, done: str, error: BaseException | None) -> None:
            super().__init__()
            self.done = done
            self.error = error

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer: JournalWriter | None = None

    def write(self, done: str, job: Job) -> None:
        """Queue ``job``; ``done`` is said once it is written."""
        if self.journal is None:
            return
        if self._writer is None:
            from coach.journal.writer import JournalWriter

            self._writer = JournalWriter(self.journal)
        future = self._writer.submit(done, job, urgent=True)
        future.add_done_callback(lambda f: self.post_message(self.Written(done, f.exception())))
        self.set_timer(NOT_YET_SECONDS, lambda: future.done() or self.say(NOT_WRITTEN_YET))

    @on(Written)
    def _written(self, message: Written) -> None:
        if message.error is None:
            self.say(Notice(message.done))
            self.tell_screens()  # home shows the new figures at once
        else:
            why = f"Your journal cannot be written ({message.error})."
            self.say(Notice(why, severity="error", timeout=10))

    def close_writes(self) -> int:
        """Write what is queued, waiting a bounded moment; how many are still not written."""
        return self._writer.close(CLOSE_SECONDS) if self._writer is not None else 0

    if TYPE_CHECKING:  # the app's own

        def say(self, notice: Notice) -> None: ...
        def tell_screens(self) -> None: ...


__all__ = ["WritesJournal"]
