"""A small DevTools-protocol client for headless Chromium: enough to tap, read and screenshot.

Chromium is Debian's (``apt-get install chromium``); the protocol goes over one websocket
(websocket-client) to the browser, with a flat session per page. No chromedriver, no Selenium.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import websocket

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--remote-debugging-port=0",
)


def find_chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class CDPError(RuntimeError):
    pass


QUIET = (CDPError, OSError, websocket.WebSocketException, queue.Empty)
"""What closing a browser that is already going away may raise."""


class Browser:
    """One headless Chromium with a fresh profile; :meth:`page` opens a tab."""

    def __init__(self, binary: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="coach-chromium-")
        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        url = self._devtools_url()
        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self._ids = itertools.count(1)
        self._waiting: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._events: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _devtools_url(self) -> str:
        assert self.process.stderr is not None
        deadline = time.monotonic() + 30
        seen = []
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            seen.append(line)
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                # Keep draining stderr so Chromium never blocks on a full pipe.
                threading.Thread(
                    target=lambda: [None for _ in self.process.stderr], daemon=True
                ).start()
                return match.group(1)
        raise CDPError("Chromium did not start:\n" + "".join(seen[-20:]))

    def _read(self) -> None:
        while True:
            try:
                message = json.loads(self.ws.recv())
            except (websocket.WebSocketException, OSError, ValueError):
                return
            if "id" in message:
                waiting = self._waiting.pop(message["id"], None)
                if waiting is not None:
                    waiting.put(message)
            else:
                session = message.get("sessionId", "")
                with self._lock:
                    self._events.setdefault(session, []).append(message)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        number = next(self._ids)
        answer: queue.Queue[dict[str, Any]] = queue.Queue()
        self._waiting[number] = answer
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        result = answer.get(timeout=30)
        if "error" in result:
            raise CDPError(f"{method}: {result['error']}")
        return result.get("result", {})

    def events(self, session: str, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [e["params"] for e in self._events.get(session, []) if e["method"] == method]

    def page(self, width: int, height: int, *, mobile: bool, context: str = "") -> Page:
        params: dict[str, Any] = {"url": "about:blank"}
        if context:
            params["browserContextId"] = context
        target = self.send("Target.createTarget", params)["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        return Page(self, target, session, width, height, mobile=mobile)

    def new_context(self) -> str:
        """A separate profile in the same browser: another device, with no cookies."""
        return self.send("Target.createBrowserContext")["browserContextId"]

    def close(self) -> None:
        with contextlib.suppress(*QUIET):
            self.send("Browser.close")
        with contextlib.suppress(*QUIET):
            self.ws.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """A tab at a given size: navigate, read the DOM, tap elements, take screenshots."""

    def __init__(
        self, browser: Browser, target: str, session: str, width: int, height: int, *, mobile: bool
    ) -> None:
        self.browser = browser
        self.target = target
        self.session = session
        self.width = width
        self.height = height
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )
        if mobile:
            self.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})

    def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.browser.send(method, params, self.session)

    def before_each_document(self, source: str) -> None:
        """Run ``source`` in every document this tab loads, before the page's own scripts."""
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": source})

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'")

    def reload(self) -> None:
        self.send("Page.reload", {"ignoreCache": True})
        time.sleep(0.05)
        self.wait_for("document.readyState === 'complete'")

    def js(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise CDPError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.js(expression)
            except CDPError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for: {expression}")
            time.sleep(0.05)

    def text(self, selector: str) -> str:
        return self.js(f"document.querySelector({json.dumps(selector)}).innerText")

    def visible(self, selector: str) -> bool:
        return bool(
            self.js(
                f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                " if (!e) return false; const r = e.getBoundingClientRect();"
                " return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })()"
            )
        )

    def box(self, selector: str) -> dict[str, float]:
        return self.js(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; })()"
        )

    def tap(self, selector: str) -> None:
        """A finger on the element's centre (a mouse click on a desktop-sized page)."""
        box = self.box(selector)
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        assert 0 <= x <= self.width and 0 <= y <= self.height, f"{selector} is off screen: {box}"
        if self.js("'ontouchstart' in window"):
            point = [{"x": x, "y": y}]
            self.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
            self.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        else:
            for kind in ("mousePressed", "mouseReleased"):
                self.send(
                    "Input.dispatchMouseEvent",
                    {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
                )

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def requests(self) -> list[str]:
        return [
            e["request"]["url"]
            for e in self.browser.events(self.session, "Network.requestWillBeSent")
        ]

    def close(self) -> None:
        with contextlib.suppress(*QUIET):
            self.browser.send("Target.closeTarget", {"targetId": self.target})
