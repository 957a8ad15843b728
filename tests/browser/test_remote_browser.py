"""The phone remote in a real browser, over a real plain-mode session (its own process).

Each tap is checked where it matters: in the session's journal. Screens are 390x844 (a phone)
and 1280x800 (a laptop); a screenshot is kept of each state.
"""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coach.journal.store import Journal
from coach.system import paths
from tests.browser.cdp import Browser, Page
from tests.unit.packs import write_pack

ROOT = Path(__file__).resolve().parents[2]


class Coach:
    """`coach start --plain --remote` in its own process, its output read by a thread."""

    def __init__(self, pack: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coach", "--content", str(pack), "start", "--plain", "--remote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = self.wait_for(r"Phone remote: (http://\S+)").group(1)

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            match = re.search(pattern, line)
            if match:
                return match
        raise AssertionError(f"coach never said {pattern!r}:\n{''.join(self.seen[-30:])}")

    def type(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def coach(tmp_path: Path) -> Iterator[Coach]:
    running = Coach(write_pack(tmp_path / "mini"))
    yield running
    running.stop()


def journal_events(timeout: float = 5.0, *, until: str | None = None) -> list[tuple[str, str]]:
    """(kind, step id) of the newest session's events, once ``until`` is among them."""
    deadline = time.monotonic() + timeout
    while True:
        with Journal.open(paths.journal_file(), read_only=True) as journal:
            sessions = journal.sessions()
            events = (
                [(e.kind, e.step_id) for e in journal.session_events(sessions[-1].id)]
                if sessions
                else []
            )
        if until is None or any(kind == until for kind, _ in events):
            return events
        if time.monotonic() > deadline:
            raise AssertionError(f"no {until!r} in the journal: {events}")
        time.sleep(0.1)


def only_this_host(page: Page, url: str) -> None:
    """Every request the page made went to the coach it was opened from."""
    mine = urlsplit(url).netloc
    for request in page.requests():
        parts = urlsplit(request)
        assert parts.scheme == "data" or parts.netloc == mine, request


# Counts the page's cues: each vibration pattern, and each tone it starts.
CUE_SPY = """
window.__buzz = [];
navigator.vibrate = (pattern) => { window.__buzz.push(pattern); return true; };
window.__tones = 0;
const RealAudio = window.AudioContext;
window.AudioContext = class extends RealAudio {
  createOscillator() { window.__tones += 1; return super.createOscillator(); }
};
"""


def open_remote(browser: Browser, coach: Coach, width: int, height: int) -> Page:
    page = browser.page(width, height, mobile=width < 800)
    page.before_each_document(CUE_SPY)
    page.navigate(coach.url)
    page.wait_for("document.querySelector('#conn').textContent === 'Connected'")
    assert "?k=" not in page.js("location.href")  # the one-time token left the address bar
    return page


def test_the_phone_drives_the_session(browser: Browser, coach: Coach, shots: Path) -> None:
    page = open_remote(browser, coach, 390, 844)
    # The step and a running clock.
    page.wait_for("document.querySelector('#title').textContent === 'Get ready'")
    assert page.text("#where") == "Step 1 of 3"
    first = page.text("#total")
    page.wait_for(f"document.querySelector('#total').textContent !== {first!r}", timeout=3)
    for button in ("#pause", "#next", "#pain"):
        box = page.box(button)
        assert box["height"] >= 150 and box["y"] + box["height"] <= 844, (button, box)
    assert page.js("document.title") == "coach"
    page.screenshot(shots / "phone-running.png")

    page.tap("#pause")
    page.wait_for("!document.querySelector('#paused').classList.contains('hidden')")
    assert page.text("#pause") == "Resume"
    journal_events(until="paused")
    page.screenshot(shots / "phone-paused.png")
    page.tap("#pause")
    journal_events(until="resumed")

    page.tap("#next")
    page.wait_for("document.querySelector('#title').textContent === 'In and out'")
    assert ("step", "in-out") in journal_events(until="phase")
    page.wait_for("!document.querySelector('#phase').classList.contains('hidden')")
    assert re.match(r"(In|Out) · \d+ s · \d of 3", page.text("#phase"))
    page.screenshot(shots / "phone-phase.png")
    # Cues on the phone: the new step vibrated and sounded (the first tap allowed sound)...
    assert page.js("window.__buzz").count([200, 100, 200]) == 1
    tones = page.js("window.__tones")
    assert tones >= 2
    # ...and so does the change from breathing in (hold) to out (relax), 4 s in.
    page.wait_for("document.querySelector('#phase').textContent.startsWith('Out')", timeout=6)
    page.wait_for("window.__buzz.includes(150)", timeout=1)
    assert page.js("window.__tones") > tones

    # A reload (or a phone waking up) shows the current state at once.
    page.reload()
    started = time.monotonic()
    page.wait_for("document.querySelector('#title').textContent === 'In and out'", timeout=1)
    assert time.monotonic() - started < 1.0

    page.tap("#pain")
    page.wait_for("!document.querySelector('#safety').classList.contains('hidden')", timeout=1)
    assert "Bleeding that does not stop" in page.text("#safety")  # the pack's urgent signs
    assert "Stop and rest." in page.text("#safety")  # its own stop steps
    page.wait_for("document.querySelector('#painsent').textContent === 'Stopped on the computer.'")
    assert ("pain_stop", "in-out") in journal_events(until="finished")
    page.screenshot(shots / "phone-pain.png")
    coach.wait_for(r"GET URGENT MEDICAL HELP NOW")  # the computer shows it too
    only_this_host(page, coach.url)


def test_the_laptop_page_and_one_device_only(browser: Browser, coach: Coach, shots: Path) -> None:
    page = open_remote(browser, coach, 1280, 800)
    page.wait_for("document.querySelector('#title').textContent === 'Get ready'")
    first = page.text("#clock")
    page.wait_for(f"document.querySelector('#clock').textContent !== {first!r}", timeout=3)
    for button in ("#pause", "#next", "#pain"):
        box = page.box(button)
        assert box["height"] >= 150 and box["y"] + box["height"] <= 800, (button, box)
    page.screenshot(shots / "laptop-running.png")

    # Another device with the same link: refused, and the first one keeps working.
    other = browser.page(390, 844, mobile=True, context=browser.new_context())
    other.navigate(coach.url)
    assert "opened on another device" in other.text("body")
    other.close()

    # Typed on the computer, seen on the page: the computer is the one source of truth.
    coach.type("n")
    page.wait_for("document.querySelector('#title').textContent === 'In and out'")
    # An intervals step runs its cycles before it can be done: Next from the page says so.
    page.tap("#next")
    page.wait_for("document.querySelector('#notice').textContent.startsWith('You can move on')")
    assert page.text("#title") == "In and out"
    coach.type("s")  # skipped on the computer: on to the tries step
    page.wait_for("document.querySelector('#title').textContent === 'Try'")
    page.tap("#next")  # a 3-5 minute range: not yet, and the page says so
    page.wait_for("document.querySelector('#notice').textContent.startsWith('You can move on')")
    page.screenshot(shots / "laptop-wait.png")
    events = journal_events(until="step")
    assert [step for kind, step in events if kind == "step"][-1] == "try"
    page.tap("#pain")
    page.wait_for("document.querySelector('#painsent').textContent === 'Stopped on the computer.'")
    assert ("pain_stop", "try") in journal_events(until="finished")
    page.screenshot(shots / "laptop-pain.png")
    only_this_host(page, coach.url)


def test_a_dropped_phone_leaves_the_session_running(browser: Browser, coach: Coach) -> None:
    """The phone's tab closes mid-step (a locked screen, a walk out of range): the session on
    the computer runs on, unpaused, with no early end in the journal."""
    page = open_remote(browser, coach, 390, 844)
    page.wait_for("document.querySelector('#title').textContent === 'Get ready'")
    page.close()
    # Time passes with the phone gone, on the real clock of a real process: what is tested
    # (the server writes to the dead stream once a second, and notices it is gone).
    time.sleep(1.5)
    coach.type("t")  # the time, on the computer: still running, not paused
    said = coach.wait_for(r"Session \d\d:\d\d · step 1 of 3").string
    assert "PAUSED" not in said
    assert coach.process.poll() is None
    events = journal_events()
    assert not any(kind in ("finished", "paused") for kind, _ in events), events


HOSTILE = '</script><img src=x onerror="alert(1)"><b>bold</b> & "q"'


def test_hostile_content_is_shown_as_text(browser: Browser, tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "hostile")
    protocol = folder / "protocols" / "breathe.toml"
    text = protocol.read_text(encoding="utf-8").replace(
        'title = "Get ready"', f"title = {HOSTILE!r}".replace("'", "'''"), 1
    )
    protocol.write_text(text, encoding="utf-8")
    running = Coach(folder)
    try:
        page = open_remote(browser, running, 390, 844)
        page.wait_for(f"document.querySelector('#title').textContent === {HOSTILE!r}")
        assert page.js("document.querySelectorAll('img, b').length") == 0
        assert page.js("document.querySelectorAll('script').length") == 2
        assert not page.browser.events(page.session, "Page.javascriptDialogOpening")
        only_this_host(page, running.url)
    finally:
        running.stop()
