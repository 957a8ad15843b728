"""The remote's page and state: discreet words, hostile content kept as text, the QR code, and
plain mode's loop taking the phone's intents (and ignoring them once the check-in is on)."""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import threading
from pathlib import Path

import pytest
import segno

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.remote.qr import QUIET, qr_lines
from coach.remote.server import render_page
from coach.remote.state import remote_state, words
from coach.session.run import SessionRun
from tests.helpers import wait_until
from tests.unit.packs import mini_pack, write_pack

HOSTILE = '</script><script>alert(1)</script> <img src=x onerror=alert(2)> & "q" \x1b[31m'


def data_block(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def test_hostile_content_stays_text_in_the_page(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "mini")
    protocol = folder / "protocols" / "breathe.toml"
    text = protocol.read_text(encoding="utf-8")
    text = text.replace('title = "Breathe"', f"title = {json.dumps(HOSTILE)}", 1)
    protocol.write_text(text, encoding="utf-8")
    pack = load_pack(folder)
    page = render_page(words(pack, pack.default_protocol, discreet=False), "NONCE")
    # Exactly the two script elements of the template: the data and the code.
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<img" not in page and "\x1b" not in page
    shown = data_block(page)["routine"]
    assert shown == " ".join(HOSTILE.replace("\x1b[31m", "").split())
    # The script sets content with textContent only: never as HTML.
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page
    assert "document.write" not in page


def test_discreet_words_say_nothing_of_the_routine(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path / "mini")
    protocol = pack.default_protocol
    said = words(pack, protocol, discreet=True)
    assert said["page_title"] == "Timer"
    assert said["routine"].startswith("Routine A")
    assert "pain" not in said["pain"].lower()
    page = render_page(said, "n")
    assert "<title>Timer</title>" in page
    assert protocol.title not in page
    clock = FakeClock()
    run = SessionRun(pack, protocol, clock=clock)
    run.start()
    run.next()
    clock.advance(1)
    state = remote_state(run.view(), 2, discreet=True)
    assert state["title"] == "" and state["position"] == 2  # the page says "Step 2 of 3"
    assert state["phase"]["name"] == "Hold"  # the tone, not the content's "In"
    plain = remote_state(run.view(), 2, discreet=False)
    assert plain["title"] == "In and out" and plain["phase"]["name"] == "In"
    # Safety is still there for the moment the person stops: needed more than discretion.
    assert any("Bleeding that does not stop" in s["items"] for s in said["safety"])


def test_the_page_title_never_names_the_pack(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path / "mini")
    for discreet in (False, True):
        page = render_page(words(pack, pack.default_protocol, discreet=discreet), "n")
        title = re.search(r"<title>(.*)</title>", page).group(1)
        assert title in ("coach", "Timer")
        assert "document.title" not in page  # nor does the script ever set one


def test_the_qr_code_reads_back_as_segno_made_it() -> None:
    url = "http://192.168.100.200:65535/?k=abcdefghijklmnop"
    lines = qr_lines(url)
    matrix = [[bool(m) for m in row] for row in segno.make(url, error="l", micro=False).matrix]
    size = len(matrix) + 2 * QUIET
    assert {len(line) for line in lines} == {size}
    assert len(lines) == (size + 1) // 2 <= 19  # fits 80x24 with the URL above it
    top = {"▀": True, "█": True, "▄": False, " ": False}
    bottom = {"▄": True, "█": True, "▀": False, " ": False}
    rows = []
    for line in lines:
        rows.append([top[c] for c in line])
        rows.append([bottom[c] for c in line])
    inner = [row[QUIET : QUIET + len(matrix)] for row in rows[QUIET : QUIET + len(matrix)]]
    assert inner == matrix
    assert not any(rows[0]) and not any(row[0] for row in rows)  # a light margin


class Output(io.StringIO):
    """Plain mode's output, read while it runs."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def write(self, text: str) -> int:
        with self.lock:
            return super().write(text)

    def text(self) -> str:
        with self.lock:
            return self.getvalue()


def said(out: Output, pattern: str) -> re.Match[str]:
    """The first match of ``pattern`` in what plain mode printed, once it has printed it."""
    wait_until(lambda: re.search(pattern, out.text()), what=f"{pattern!r} said")
    match = re.search(pattern, out.text())
    assert match is not None
    return match


def test_plain_mode_takes_the_phones_intents(tmp_path: Path) -> None:
    from coach.plain.session import run_plain

    pack = write_pack(tmp_path / "mini")
    args = argparse.Namespace(content=str(pack), protocol=None, speak=None, remote=True, lan=False)
    read, write = os.pipe()
    stdin = os.fdopen(read, "r")
    typed = os.fdopen(write, "w")
    out = Output()
    codes: list[int] = []
    runner = threading.Thread(
        target=lambda: codes.append(run_plain(args, clock=FakeClock(), stdin=stdin, out=out))
    )
    runner.start()
    try:
        url = said(out, r"Phone remote: (http://\S+)").group(1)
        host = url.split("/")[2]
        port = int(host.split(":")[1])

        def call(method: str, path: str, headers: dict[str, str], body: bytes | None = None):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request(method, path, body=body, headers={"Host": host, **headers})
            answer = conn.getresponse()
            answer.read()
            return answer

        page = call("GET", "/" + url.split("/", 3)[3], {})
        cookie = page.getheader("Set-Cookie").split(";")[0]
        sent = {"Cookie": cookie, "Origin": f"http://{host}", "Content-Type": "application/json"}

        def tap(intent: str) -> None:
            assert (
                call("POST", "/intent", sent, json.dumps({"intent": intent}).encode()).status == 204
            )

        tap("pause")
        said(out, r"Paused")
        # A new link on the computer (`link`): the old device is shut out, the new one let in.
        typed.write("link\n")
        typed.flush()
        fresh = said(out, r"Phone remote: (http://\S+)[\s\S]*Phone remote: (http://\S+)")
        assert fresh.group(2) != url
        assert call("GET", "/", {"Cookie": cookie}).status == 403
        page = call("GET", "/" + fresh.group(2).split("/", 3)[3], {})
        sent["Cookie"] = page.getheader("Set-Cookie").split(";")[0]
        tap("pain")
        said(out, r"GET URGENT MEDICAL HELP NOW")
        # During the check-in: nothing, and the check-in is not disturbed. The intent is on
        # plain mode's input queue before the tap is answered, so it comes before the line.
        tap("next")
        typed.write("fine\n")
        typed.flush()
        runner.join(15)
        assert not runner.is_alive()
    finally:
        typed.close()
        runner.join(5)
    assert codes == [0]
    assert "Saved." in out.text()
    with Journal.open() as journal:
        (session,) = journal.sessions()
        kinds = [e.kind for e in journal.session_events(session.id)]
    assert session.pain_stop and session.checked_in and session.notes == "fine"
    assert kinds.count("paused") == 1 and kinds[-1] == "finished"
    with pytest.raises(OSError):  # the server ended with the session
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
