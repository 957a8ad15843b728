"""What a front end holds while the phone remote is on: :class:`Remote`.

Both front ends use it the same way, in a few lines:

* build it with the run and a thread-safe ``deliver`` (plain mode: the queue its loop reads;
  the app: a message posted to the session screen);
* on their own thread, :meth:`Remote.apply` each intent that arrives, and :meth:`Remote.update`
  after each tick and command (the page hears only changes: about once a second while the
  clock runs);
* :meth:`Remote.close` when the session's screen or loop is done; the page keeps what it
  showed (the safety guidance after a stop stays on the phone).

The computer stays the one source of truth: the phone only asks, and the same
:class:`~coach.session.run.SessionRun` rules apply (a range's minimum before moving on, pain at once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.engine.events import Event, EventKind
from coach.pack.durations import format_clock
from coach.remote.link import Intent, RemoteLink
from coach.remote.options import RemoteOptions
from coach.remote.server import RemoteServer
from coach.remote.state import remote_state, words

if TYPE_CHECKING:
    from coach.remote.server import RemoteServer
    from coach.session.run import SessionRun

log = logging.getLogger(__name__)

NOTICE_SECONDS = 6.0
"""How long (active session time) a notice for the phone stays in its state."""


class RemoteError(Exception):
    """The remote could not start; the message is a whole sentence for the person."""


class Remote:
    """The phone remote for one :class:`SessionRun`: its server, its link and its state."""

    def __init__(
        self,
        run: SessionRun,
        deliver: Callable[[Intent], None],
        *,
        discreet: bool = False,
        options: RemoteOptions | None = None,
    ) -> None:
        """Start serving at once; :class:`RemoteError` when the address can't be had."""
        options = options or RemoteOptions()
        self.run = run
        self.discreet = discreet
        self.link = RemoteLink(deliver)
        self._entry = 0
        self._notice: tuple[int, str] | None = None
        self._notice_until = 0.0
        try:
            self.server: RemoteServer = RemoteServer(
                self.link,
                words(run.pack, run.source, discreet=discreet),
                lan=options.lan,
                port=options.port,
            )
        except OSError as exc:
            raise RemoteError(
                f"The phone remote could not start ({exc.strerror or exc}); "
                "the session goes on without it."
            ) from exc
        self._unsubscribe = run.session.subscribe(self._heard)
        self.update()
        self.server.start()

    # --- what the person is told -----------------------------------------------------------------

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def lan(self) -> bool:
        return self.server.lan

    def explain(self) -> list[str]:
        """What to say beside the link: where it works, and what ``--lan`` exposes."""
        server = self.server
        if not server.lan:
            return [
                "Reachable from this computer only (127.0.0.1). For a phone, start with --lan.",
                "The link opens on one device; after that, only that device gets in.",
            ]
        lines = []
        if server.lan_host is None:
            lines.append(
                "No home-network address was found: open the link on this computer, or "
                "check the network and start again."
            )
        return [
            *lines,
            "Open it on your phone on the same network (Wi-Fi). The link opens on one device; "
            "after that, only that device gets in.",
            "--lan: anything on this network can reach this port, and the page is not "
            "encrypted (http): someone able to watch the network could see what it shows.",
        ]

    def new_link(self) -> str:
        """A fresh one-time link; the device let in before is let in no more."""
        return self.server.new_link()

    # --- on the front end's thread ---------------------------------------------------------------

    def _heard(self, event: Event) -> None:
        if event.kind is EventKind.STEP:
            self._entry += 1

    def _say(self, text: str) -> None:
        number = self._notice[0] + 1 if self._notice else 1
        self._notice = (number, text)
        self._notice_until = self.run.view().wall_total + NOTICE_SECONDS

    def update(self) -> None:
        """Publish the run's state now (cheap; the server sends it only if it changed)."""
        view = self.run.view()
        if not view.started:
            return
        if self._notice is not None and view.wall_total > self._notice_until:
            self._notice = None
        self.link.publish(
            remote_state(view, self._entry, discreet=self.discreet, notice=self._notice)
        )

    def apply(self, intent: Intent) -> None:
        """Do what the phone asked, by the run's own rules; then publish."""
        run = self.run
        if not run.finished:
            if intent.kind == "pain":
                run.pain_stop()  # at once, from any step: never checked against the step
            elif intent.kind == "pause":
                run.pause()
            elif intent.kind == "resume":
                run.resume()
            elif intent.entry is None or intent.entry == self._entry:
                wait = run.next()
                if wait is not None:
                    self._say(
                        f"You can move on after {format_clock(wait.after)} "
                        f"({format_clock(wait.to_go)} to go)."
                    )
            else:
                log.debug(
                    "remote: a late next (step %s, now %s) ignored", intent.entry, self._entry
                )
        self.update()

    def close(self) -> None:
        """Stop serving (idempotent); the session is not touched."""
        self._unsubscribe()
        self.server.close()
