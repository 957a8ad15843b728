"""Plain mode points to what to check with a clinician before the very first session only."""

from __future__ import annotations

import io
from pathlib import Path

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.plain.session import PlainSession
from tests.unit.packs import mini_pack

POINTER = "coach faq --print before-you-start"


def started(pack: Pack, journal: Journal) -> str:
    out = io.StringIO()
    drill = pack.protocol("control-drill")
    plain = PlainSession(pack, drill, clock=FakeClock(), out=out, journal=journal)
    plain.start()
    plain.run.close(5)
    return " ".join(out.getvalue().split())


def test_the_first_session_names_the_page_and_the_next_does_not(
    default_pack: Pack, tmp_path: Path
) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    first = started(default_pack, journal)
    assert "Before you start: Do I need to check with a clinician first?" in first
    assert POINTER in first
    assert journal.sessions()  # the first session is in the journal now
    assert POINTER not in started(default_pack, Journal.open(tmp_path / "journal.sqlite3"))


def test_a_pack_without_the_page_says_nothing_of_it(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path / "pack")
    journal = Journal.open(tmp_path / "journal.sqlite3")
    out = io.StringIO()
    plain = PlainSession(pack, pack.default_protocol, clock=FakeClock(), out=out, journal=journal)
    plain.start()
    plain.run.close(5)
    assert "Before you start" not in out.getvalue()
    assert "p then Enter stops" in out.getvalue()
