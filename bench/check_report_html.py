"""Render the HTML report in a real headless browser and keep a screenshot to look at.

    apt-get install -y chromium          # Debian's package; once
    python bench/check_report_html.py    # writes /tmp/coach-report.html and .png

Builds twelve weeks of made-up sessions (pain, bleeding, a note with markup in it, an
unfinished session, a drill) in a throw-away home, writes ``coach report --format html``, and
has Chromium load it with networking features off. Chromium's ``--dump-dom`` output is
checked too: the page's DOM must hold the chart and no script. Look at the PNG yourself.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = Path(tempfile.gettempdir()) / "coach-report.html"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def journal(home: Path) -> None:
    os.environ.update(
        HOME=str(home), XDG_CONFIG_HOME=str(home / "c"), XDG_DATA_HOME=str(home / "d")
    )
    from coach.journal.store import Journal
    from tests.snapshots.apps.journal_data import fill, record

    start = dt.date.today() - dt.timedelta(weeks=12, days=dt.date.today().weekday())
    records = []
    for week in range(12):
        for day in (0, 2, 4) if week % 3 == 0 else (0, 3):
            extra: dict[str, object] = {}
            if (week, day) == (5, 0):
                extra = {"pain": True}
            if (week, day) == (7, 3):
                extra = {"bleeding": True, "notes": "A <b>spot</b> of blood\nstopped at once"}
            if (week, day) == (9, 0):
                extra = {"completed": False, "finish_reason": "ended", "steps_done": 2}
            records.append(
                record(
                    start + dt.timedelta(weeks=week, days=day),
                    pack_id="anal-dilation",
                    level=f"size-{min(4, 1 + week // 4)}",
                    comfort=min(10, 4 + week // 2),
                    **extra,
                )
            )
    records.append(
        record(
            start + dt.timedelta(days=1),
            pack_id="anal-dilation",
            protocol_id="control-drill",
            protocol_title="Control drill",
            counts_as_session=False,
        )
    )
    with Journal.open() as opened:
        fill(opened, records)


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as profile:
        journal(Path(home))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-m", "coach", "report", "--format", "html", "--out", str(OUT)],
            check=True,
            env=env,
        )
        print(f"report: {OUT}")
        if browser is None:
            print("no chromium here: apt-get install -y chromium, then run this again")
            return 1
        url = OUT.as_uri()
        png = OUT.with_suffix(".png")
        common = [browser, *FLAGS, f"--user-data-dir={profile}"]
        subprocess.run(
            [*common, f"--screenshot={png}", "--window-size=1000,2200", url],
            check=True,
            capture_output=True,
            timeout=120,
        )
        dom = subprocess.run(
            [*common, "--dump-dom", url], check=True, capture_output=True, text=True, timeout=120
        ).stdout
    problems = []
    if "<svg" not in dom or "<rect" not in dom:
        problems.append("the chart is missing from the rendered page")
    if "<script" in dom.lower():
        problems.append("the rendered page has a script element")
    if "&lt;b&gt;spot&lt;/b&gt;" not in dom:
        problems.append("the note's markup was not shown as text")
    print(f"screenshot: {png} (look at it)")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
