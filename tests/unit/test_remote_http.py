"""The phone remote's server, over real HTTP on loopback: who gets in, and what the page can do.

The session is a real :class:`~coach.session.run.SessionRun` on the fake clock with a real journal; the
test plays the front end's part: it applies each delivered intent on its own thread, as plain
mode's loop does.
"""

from __future__ import annotations

import http.client
import json
import logging
import queue
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.remote.control import Remote
from coach.remote.link import Intent
from coach.remote.options import RemoteOptions
from coach.remote.server import COOKIE, MAX_CONNECTIONS
from coach.session.run import SessionRun
from tests.helpers import wait_until
from tests.unit.packs import mini_pack


class Front:
    """The front end's side, as plain mode does it: intents on a queue, applied by its owner."""

    def __init__(self, run: SessionRun, *, lan: bool = False, discreet: bool = False) -> None:
        self.run = run
        self.intents: queue.Queue[Intent] = queue.Queue()
        self.remote = Remote(
            run, self.intents.put, discreet=discreet, options=RemoteOptions(lan=lan)
        )

    def pump(self, want: int = 1, timeout: float = 5.0) -> list[Intent]:
        """Apply ``want`` intents as they arrive (the owner's loop)."""
        done = []
        for _ in range(want):
            intent = self.intents.get(timeout=timeout)
            self.remote.apply(intent)
            done.append(intent)
        return done


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "journal.sqlite3") as db:
        yield db


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def front(tmp_path: Path, journal: Journal, clock: FakeClock) -> Iterator[Front]:
    pack = mini_pack(tmp_path / "mini")
    run = SessionRun(pack, pack.default_protocol, clock=clock, journal=journal)
    run.start()
    front = Front(run)
    yield front
    front.remote.close()
    run.close(5.0)


def request(
    front: Front,
    method: str,
    path: str,
    *,
    host: str | None = None,
    cookie: str | None = None,
    origin: str | None = None,
    body: object = None,
    headers: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    server = front.remote.server
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    sent = {"Host": f"127.0.0.1:{server.port}" if host is None else host, **(headers or {})}
    if not sent["Host"]:
        del sent["Host"]  # no Host header at all
    if cookie:
        sent["Cookie"] = f"{COOKIE}={cookie}"
    if origin:
        sent["Origin"] = origin
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in sent.items():
        conn.putheader(name, value)
    if data is not None:
        conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    return conn.getresponse()


def token(front: Front) -> str:
    match = re.search(r"\?k=([\w-]+)$", front.remote.url)
    assert match, front.remote.url
    return match.group(1)


def let_in(front: Front) -> str:
    """Open the link as the phone does: the page, and the cookie it sets."""
    answer = request(front, "GET", f"/?k={token(front)}")
    assert answer.status == 200
    set_cookie = answer.getheader("Set-Cookie")
    assert set_cookie is not None
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    value = re.match(rf"{COOKIE}=([^;]+)", set_cookie)
    assert value
    return value.group(1)


def origin(front: Front) -> str:
    return f"http://127.0.0.1:{front.remote.server.port}"


def read_events(answer: http.client.HTTPResponse, count: int) -> list[tuple[str, dict]]:
    """The next ``count`` named events from an event stream."""
    events: list[tuple[str, dict]] = []
    name = ""
    while len(events) < count:
        line = answer.fp.readline().decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[len("data: ") :])))
    return events


# --- who gets in ------------------------------------------------------------------------------


def test_no_token_is_refused(front: Front) -> None:
    assert request(front, "GET", "/").status == 403


def test_a_wrong_token_is_refused_and_the_right_one_still_works(front: Front) -> None:
    right = token(front)
    assert request(front, "GET", "/?k=" + "x" * len(right)).status == 403
    assert request(front, "GET", "/?k=").status == 403
    let_in(front)


def test_a_wrong_host_is_refused_before_anything_else(front: Front) -> None:
    """DNS rebinding: another site's name pointed at 127.0.0.1 sends its own Host."""
    port = front.remote.server.port
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", ""):
        answer = request(front, "GET", f"/?k={token(front)}", host=host)
        assert answer.status == 421, host
    assert not front.remote.server.spent  # the refused requests did not use the link up
    assert request(front, "GET", f"/?k={token(front)}", host=f"localhost:{port}").status == 200


def test_the_link_opens_on_one_device_then_only_that_device(front: Front) -> None:
    link = token(front)
    cookie = let_in(front)
    assert front.remote.server.spent
    assert "?k=" not in front.remote.url  # the link shown is spent
    # A second device with the same link (a photo of the QR code): refused.
    assert request(front, "GET", f"/?k={link}").status == 403
    second = request(front, "GET", "/events", cookie="forged")
    assert second.status == 403
    # The first device reloads, with or without the link: let in, no new cookie.
    again = request(front, "GET", "/", cookie=cookie)
    assert again.status == 200 and again.getheader("Set-Cookie") is None
    assert request(front, "GET", f"/?k={link}", cookie=cookie).status == 200


def test_a_new_link_shuts_the_old_device_out(front: Front) -> None:
    cookie = let_in(front)
    front.remote.new_link()
    assert request(front, "GET", "/", cookie=cookie).status == 403
    let_in(front)


def test_a_foreign_origin_is_refused_on_intents_and_the_stream(front: Front) -> None:
    cookie = let_in(front)
    evil = "http://evil.example"
    assert (
        request(
            front, "POST", "/intent", cookie=cookie, origin=evil, body={"intent": "pain"}
        ).status
        == 403
    )
    # A POST without any Origin is refused too (browsers always send one on POST).
    assert request(front, "POST", "/intent", cookie=cookie, body={"intent": "pain"}).status == 403
    assert request(front, "GET", "/events", cookie=cookie, origin=evil).status == 403
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert request(front, "GET", "/events", cookie=cookie, headers=cross).status == 403
    assert front.intents.empty()
    assert not front.run.finished


def test_intents_need_the_cookie_json_and_a_known_intent(front: Front) -> None:
    cookie = let_in(front)
    mine = origin(front)
    assert request(front, "POST", "/intent", origin=mine, body={"intent": "pain"}).status == 403
    for body in ({"intent": "quit"}, {"intent": "next", "entry": "1"}, ["pain"], {}):
        assert (
            request(front, "POST", "/intent", cookie=cookie, origin=mine, body=body).status == 400
        )
    assert request(front, "POST", "/elsewhere", cookie=cookie, origin=mine, body={}).status == 404
    assert request(front, "PUT", "/intent", cookie=cookie, origin=mine).status == 405
    assert front.intents.empty()


def test_the_page_is_one_document_with_a_strict_policy(front: Front) -> None:
    answer = request(front, "GET", f"/?k={token(front)}")
    page = answer.read().decode()
    policy = answer.getheader("Content-Security-Policy") or ""
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    nonce = re.search(r"'nonce-([\w-]+)'", policy)
    assert nonce and page.count(f'nonce="{nonce.group(1)}"') == 2  # the style and the script
    assert answer.getheader("Cache-Control") == "no-store"
    assert answer.getheader("Referrer-Policy") == "no-referrer"
    assert '<meta name="viewport"' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from any other host
    assert "<title>coach</title>" in page


# --- the session through the page ---------------------------------------------------------------


def test_intents_reach_the_running_session(
    front: Front, journal: Journal, clock: FakeClock
) -> None:
    cookie = let_in(front)
    mine = origin(front)

    def send(intent: str, **extra: object) -> None:
        body = {"intent": intent, **extra}
        answer = request(front, "POST", "/intent", cookie=cookie, origin=mine, body=body)
        assert answer.status == 204
        front.pump()

    def shown() -> int:  # the step the page shows now
        _, state = front.remote.link.snapshot()
        assert state is not None
        return state["entry"]

    send("pause")
    assert front.run.view().paused
    send("resume")
    seen = shown()
    send("next", entry=seen)  # the checklist, left
    assert front.run.view().step.id == "in-out"
    send("next", entry=seen)  # tapped twice: the second one is late and moves nothing
    assert front.run.view().step.id == "in-out"
    send("next", entry=shown())
    assert front.run.view().step.id == "try"
    send("next", entry=shown())  # a 3-5 minute range: not before its minimum
    assert front.run.view().step.id == "try"
    _, state = front.remote.link.snapshot()
    assert state is not None and state["notice"]["text"].startswith("You can move on after 03:00")
    clock.advance(10)
    send("pain")
    assert front.run.finished and front.run.pain_stopped
    front.run.flush(5.0)
    (session,) = journal.sessions()
    assert session.pain_stop and session.finish_reason == "pain"
    kinds = [event.kind for event in journal.session_events(session.id)]
    assert kinds.count("paused") == 1 and kinds.count("resumed") == 1


def test_the_stream_sends_the_state_at_once_and_on_each_change(
    front: Front, clock: FakeClock
) -> None:
    cookie = let_in(front)
    stream = request(front, "GET", "/events", cookie=cookie)
    assert stream.status == 200
    assert stream.getheader("Content-Type") == "text/event-stream"
    ((name, state),) = read_events(stream, 1)  # at once, before any change
    assert name == "state" and state["title"] == "Get ready" and state["position"] == 1
    assert state["clock"] == "00:00" and not state["paused"]
    clock.advance(1)
    front.remote.update()
    ((_, later),) = read_events(stream, 1)
    assert later["clock"] == "00:01"
    front.remote.update()  # nothing changed: nothing sent
    front.run.pause()
    front.remote.update()
    ((_, paused),) = read_events(stream, 1)
    assert paused["paused"] and paused["clock"] == "00:01"


def test_a_reload_replaces_the_stream_and_gets_the_state_at_once(front: Front) -> None:
    cookie = let_in(front)
    first = request(front, "GET", "/events", cookie=cookie)
    read_events(first, 1)
    second = request(front, "GET", "/events", cookie=cookie)
    started = time.monotonic()
    ((name, state),) = read_events(second, 1)
    assert name == "state" and state["title"] == "Get ready"
    assert time.monotonic() - started < 1.0
    ((told, _),) = read_events(first, 1)  # the older window hears it was replaced
    assert told == "replaced"


def test_a_dropped_phone_leaves_the_session_running(
    front: Front, journal: Journal, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A phone that sleeps or walks out of range mid-step: the session goes on, unpaused, and the
    journal shows no early end; the phone comes back to the current state."""
    caplog.set_level(logging.DEBUG, logger="coach.remote.server")
    cookie = let_in(front)
    stream = request(front, "GET", "/events", cookie=cookie)
    read_events(stream, 1)
    stream.close()  # the connection drops mid-step
    seconds = 0

    def a_second_on() -> bool:
        nonlocal seconds
        seconds += 1
        clock.advance(1)
        front.run.tick()
        front.remote.update()
        return seconds >= 8 and "an event stream ended" in caplog.text

    # The session goes on, second by second, until the server has written to the dead
    # stream and seen it fail (the first write after a drop may still go into a buffer).
    wait_until(a_second_on, what="the dead stream noticed")
    assert not front.run.finished and not front.run.view().paused
    front.run.flush(5.0)
    (session,) = journal.sessions()
    assert session.ended is None and session.finish_reason is None
    back = request(front, "GET", "/events", cookie=cookie)
    ((_, state),) = read_events(back, 1)
    assert state["clock"] == f"{seconds // 60:02d}:{seconds % 60:02d}"


def test_the_server_ends_with_the_session_and_frees_its_port(front: Front) -> None:
    cookie = let_in(front)
    stream = request(front, "GET", "/events", cookie=cookie)
    read_events(stream, 1)
    port = front.remote.server.port
    front.remote.close()
    ((name, _),) = read_events(stream, 1)
    assert name == "closed"
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
    assert not front.run.finished  # closing the remote never ends the session


# --- where it listens -----------------------------------------------------------------------------


def test_loopback_only_unless_lan_is_given(front: Front, tmp_path: Path, clock: FakeClock) -> None:
    assert front.remote.server.server_address[0] == "127.0.0.1"
    assert not front.remote.lan
    pack = mini_pack(tmp_path / "other")
    run = SessionRun(pack, pack.default_protocol, clock=clock)
    run.start()
    wide = Front(run, lan=True)
    try:
        assert wide.remote.server.server_address[0] == "0.0.0.0"
        assert any("--lan" in line for line in wide.remote.explain())
        lan_host = wide.remote.server.lan_host
        if lan_host is not None:  # a machine with a network: the link names it
            assert wide.remote.url.startswith(f"http://{lan_host}:")
    finally:
        wide.remote.close()


def test_a_busy_port_is_a_sentence_not_a_traceback(front: Front, clock: FakeClock) -> None:
    from coach.remote.control import RemoteError

    with pytest.raises(RemoteError, match="could not start"):
        Remote(front.run, lambda _: None, options=RemoteOptions(port=front.remote.server.port))


def test_many_idle_connections_do_not_block_the_phone(front: Front) -> None:
    """Someone on the network opening connections and sending nothing can't lock the phone out
    for long: past a cap they are closed at once, and the phone's own request still answers
    once one is freed."""
    import socket

    server = front.remote.server
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(40)]

    def closed_by_the_server(sock: socket.socket) -> bool:
        sock.setblocking(False)
        try:
            return sock.recv(1) == b""
        except BlockingIOError:
            return False  # still open, waiting for a request
        except OSError:
            return True  # reset

    wait_until(
        lambda: sum(closed_by_the_server(sock) for sock in idle) >= 40 - MAX_CONNECTIONS,
        what="the connections past the cap closed",
    )
    for sock in idle:
        sock.close()
    done = threading.Event()

    def phone() -> None:
        assert let_in(front)
        done.set()

    threading.Thread(target=phone, daemon=True).start()
    assert done.wait(5)
