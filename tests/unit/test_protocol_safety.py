"""Pain text per protocol, and whose guidance each part is: the stop steps come from the
protocol that was stopped (for the safety screen, plain mode, speech and the phone), each
safety section says its basis, and a session's header names the source only for what follows
it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.pack.attribution import session_credit
from coach.pack.model import Pack
from coach.pack.safety import for_protocol, sections, show_safety, spoken
from coach.remote.state import words
from coach.session.run import SessionRun
from tests.unit.packs import mini_pack


def test_each_shipped_protocol_has_its_own_stop_steps(default_pack: Pack) -> None:
    drill = default_pack.protocol("control-drill")
    dilation = default_pack.protocol("dilation-session")
    maintenance = default_pack.protocol("maintenance-session")
    now = {
        p.id: for_protocol(default_pack.safety, p).right_now("during").lower()
        for p in (drill, dilation, maintenance)
    }
    # The drill uses no device: it never says to take one out.
    assert "dilator" not in now["control-drill"] and "take" not in now["control-drill"]
    assert "stop squeezing" in now["control-drill"]
    assert "take the dilator out" in now["dilation-session"]
    assert "if you are squeezing, let go first" in now["maintenance-session"]
    # The rest of the guidance is the pack's, whatever the protocol.
    safety = for_protocol(default_pack.safety, drill)
    assert safety.red_flags == default_pack.safety.red_flags
    assert safety.see_clinician == default_pack.safety.see_clinician


def test_a_protocol_without_its_own_uses_the_packs(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path)
    protocol = pack.default_protocol
    assert not protocol.stop_now
    assert for_protocol(pack.safety, protocol) is pack.safety
    assert for_protocol(pack.safety, None) is pack.safety


def test_speech_plain_mode_and_the_phone_get_the_protocols_steps(default_pack: Pack) -> None:
    drill = default_pack.protocol("control-drill")
    run = SessionRun(default_pack, drill, clock=FakeClock())
    assert run.safety.stop_now == drill.stop_now
    assert "Stop squeezing" in spoken(run.safety)
    said: list[str] = []
    show_safety(run.safety, said.append, said.append, "during")
    shown = "\n".join(said)
    assert "Stop squeezing" in shown and "take the dilator out" not in shown
    page = words(default_pack, drill, discreet=False)
    now = next(s for s in page["safety"] if s["tone"] == "now")
    assert any("Stop squeezing" in line for line in now["lines"])
    assert not any("dilator" in line for line in now["lines"])


def test_every_safety_section_says_whose_guidance_it_is(default_pack: Pack) -> None:
    marks = {s.tone: s.mark for s in sections(default_pack.safety, "after")}
    assert marks["urgent"] == "general guidance, not from the source"
    assert marks["now"] == "partly from the source"
    said: list[str] = []
    show_safety(default_pack.safety, said.append, said.append, "after")
    assert any("(general guidance, not from the source)" in line for line in said)


@pytest.mark.parametrize(
    ("protocol_id", "names_source"),
    [("dilation-session", True), ("maintenance-session", True), ("control-drill", False)],
)
def test_the_session_header_names_the_source_only_for_what_follows_it(
    default_pack: Pack, protocol_id: str, names_source: bool
) -> None:
    protocol = default_pack.protocol(protocol_id)
    credit = session_credit(default_pack.info, protocol)
    source = default_pack.info.source
    assert source is not None and credit
    assert (source.clinician in credit) is names_source
    assert " ".join(protocol.basis_note.split()) in credit  # which part is whose
    assert "(the facts" not in source.title  # the stop-gap title is gone
