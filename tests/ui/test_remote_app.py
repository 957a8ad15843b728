"""The phone remote in the app: `coach start --remote` serves it from the session's start, m
serves it for a running session, and the phone's intents reach the same SessionRun the keys
drive, on the UI's thread. The server ends with the session screen.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
from collections.abc import Callable
from pathlib import Path

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.remote.options import RemoteOptions
from coach.tui.app import CoachApp
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.remote import RemotePanel
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for
from tests.screen import text_in
from tests.unit.packs import write_pack


def _call(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{port}", **headers})
    answer = conn.getresponse()
    return answer.status, answer.getheader("Set-Cookie"), answer.read()


async def call(port: int, method: str, path: str, headers=None, body=None):
    """HTTP off the app's loop (the server answers from its own threads)."""
    return await asyncio.to_thread(_call, port, method, path, headers or {}, body)


async def started(app: CoachApp, pilot) -> SessionScreen:
    def sessions() -> list[SessionScreen]:
        return [s for s in app.screen_stack if isinstance(s, SessionScreen)]

    await wait_for(
        pilot,
        # The panel composed, not only pushed: its address is on it.
        lambda: (
            sessions()
            and isinstance(app.screen, RemotePanel)
            and bool(app.screen.query("#remote-url"))
        ),
        what="a session with its remote panel drawn",
    )
    return sessions()[0]


async def test_start_remote_serves_the_session_and_phone_taps_drive_it(tmp_path: Path) -> None:
    app = CoachApp(
        content=write_pack(tmp_path / "mini"),
        clock=FakeClock(),
        watch_content=False,
        start="session",
        remote=RemoteOptions(),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await started(app, pilot)
        remote = screen.remote
        assert remote is not None and not remote.lan
        url = text_in(app, "#remote-url")
        assert url == remote.url and url.startswith("http://127.0.0.1:")
        assert not app.screen.query("#remote-qr")  # loopback: no code for a phone to scan
        port = remote.server.port
        token = re.search(r"k=([\w-]+)", url).group(1)
        status, cookie, _ = await call(port, "GET", f"/?k={token}")
        assert status == 200 and cookie
        jar = {"Cookie": cookie.split(";")[0], "Origin": f"http://127.0.0.1:{port}"}

        async def tap(intent: str, done: Callable[[], object]) -> None:
            """Tap ``intent`` on the phone; the app applies it on its own thread."""
            body = json.dumps({"intent": intent}).encode()
            headers = {**jar, "Content-Type": "application/json"}
            status, _, _ = await call(port, "POST", "/intent", headers, body)
            assert status == 204
            await wait_for(pilot, done, what=f"{intent} from the phone")

        await tap("pause", lambda: screen.view.paused)  # the screen redrew too
        assert screen.run.view().paused
        await tap("resume", lambda: not screen.view.paused)
        await tap("next", lambda: screen.view.step.id == "in-out")
        assert screen.run.view().step.id == "in-out"
        await pilot.press("escape")  # the panel closes; the session ran on under it
        assert app.screen is screen
        await tap("pain", lambda: isinstance(app.screen, SafetyScreen))
        assert screen.run.pain_stopped
        # The phone still hears the end while the guidance is up on the computer.
        status, _, _ = await call(port, "GET", "/", {"Cookie": jar["Cookie"]})
        assert status == 200
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckInScreen), what="check-in")
        assert remote.server.closing  # the server ended with the session screen
        try:
            status, _, _ = await call(port, "GET", "/", {"Cookie": jar["Cookie"]})
        except OSError:
            status = None
        assert status is None
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CheckInScreen), what="saved")
        assert screen.run.flush(5.0) == 0  # every write is in: nothing left pending
    with Journal.open() as journal:
        (session,) = journal.sessions()
        kinds = [e.kind for e in journal.session_events(session.id)]
    assert session.pain_stop and session.checked_in
    assert "paused" in kinds and "resumed" in kinds


async def test_m_serves_a_running_session_and_l_opens_it_to_the_home_network(
    tmp_path: Path,
) -> None:
    app = CoachApp(content=write_pack(tmp_path / "mini"), clock=FakeClock(), watch_content=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None and app.journal is not None)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.remote is None  # no socket unasked
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, RemotePanel)
        first = screen.remote
        assert first is not None and first.server.server_address[0] == "127.0.0.1"
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, RemotePanel)
        second = screen.remote
        assert second is not first and first.server.closing
        assert second is not None and second.server.server_address[0] == "0.0.0.0"
        if second.server.lan_host is not None:
            assert app.screen.query("#remote-qr")  # a phone can reach it: a code to scan
        await pilot.press("p")  # the app's pain key works over the panel
        await wait_for(pilot, lambda: isinstance(app.screen, SafetyScreen), what="safety")
        assert screen.run.pain_stopped
        await pilot.press("c")
        await wait_for(pilot, lambda: second.server.closing, what="the server closing")


async def test_a_pain_stop_from_the_phone_over_the_panel_shows_the_guidance(
    tmp_path: Path,
) -> None:
    """The person scanned the code and the link's panel is still up on the computer when they
    tap Stop on the phone: the guidance opens over the session, and closing it leads on to the
    check-in as after the p key."""
    app = CoachApp(
        content=write_pack(tmp_path / "mini"),
        clock=FakeClock(),
        watch_content=False,
        start="session",
        remote=RemoteOptions(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(app, pilot)
        assert screen.remote is not None
        port = screen.remote.server.port
        token = re.search(r"k=([\w-]+)", screen.remote.url).group(1)
        _, cookie, _ = await call(port, "GET", f"/?k={token}")
        headers = {
            "Cookie": cookie.split(";")[0],
            "Origin": f"http://127.0.0.1:{port}",
            "Content-Type": "application/json",
        }
        status, _, _ = await call(port, "POST", "/intent", headers, b'{"intent": "pain"}')
        assert status == 204
        await wait_for(pilot, lambda: isinstance(app.screen, SafetyScreen), what="safety")
        assert not any(isinstance(s, RemotePanel) for s in app.screen_stack)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckInScreen), what="check-in")


async def test_m_on_home_starts_the_highlighted_protocol_with_the_remote(tmp_path: Path) -> None:
    """Home's m: the session starts with its phone remote served (loopback), as --remote does,
    for that session only."""
    app = CoachApp(content=write_pack(tmp_path / "mini"), clock=FakeClock(), watch_content=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None, what="the content")
        await pilot.press("m")
        screen = await started(app, pilot)
        assert screen.remote is not None and not screen.remote.lan
        assert text_in(app, "#remote-url") == screen.remote.url
        assert app.sessions._remote_once is None  # taken by this session: the next has none
