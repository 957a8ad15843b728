"""The one order of safety guidance, the text for the moment, speech and plain mode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.pack.load import check_file, load_pack
from coach.pack.model import Safety
from coach.pack.safety import HEADINGS, plain_text, sections, show_safety, spoken
from coach.pack.validate import validate

CONTENT = Path(__file__).resolve().parents[2] / "content"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pelvic-floor"


def shipped() -> Safety:
    safety = check_file(CONTENT / "safety.toml")
    assert isinstance(safety, Safety)
    return safety


def made(**changes: object) -> Safety:
    data: dict[str, object] = {
        "stop_now": "**Stop** the exercise now.",
        "red_flags": ["Fainting"],
        "urgent_help": "Call for help.",
        "warning_signs": ["Sharp pain"],
        "warning_help": "Rest today.",
        "see_clinician": "Book a visit.",
        "normal": ["A stretch"],
    }
    data.update(changes)
    return validate(Safety, data)


@pytest.mark.parametrize("moment", ["during", "after"])
def test_urgent_help_comes_right_after_what_to_do_now(moment: str) -> None:
    tones = [s.tone for s in sections(made(after_session="Rest."), moment)]  # type: ignore[arg-type]
    assert tones == ["now", "urgent", "warning", "clinician", "normal"]


def test_each_section_carries_its_own_text() -> None:
    now, urgent, warning, clinician, normal = sections(made())
    assert now.markdown == "**Stop** the exercise now." and not now.items
    assert urgent.items == ("Fainting",) and urgent.markdown == "Call for help."
    assert warning.items == ("Sharp pain",) and warning.markdown == "Rest today."
    assert clinician.markdown == "Book a visit."
    assert normal.items == ("A stretch",)
    assert urgent.heading == HEADINGS["urgent"] and "urgent" in urgent.heading


def test_after_a_session_the_after_text_is_shown() -> None:
    safety = made(after_session="The session is over: rest.", after_title="Take care")
    assert sections(safety, "after")[0].markdown == "The session is over: rest."
    assert sections(safety, "during")[0].markdown == "**Stop** the exercise now."
    assert safety.title_for("after") == "Take care"
    assert safety.title_for("during") == safety.title


def test_without_after_text_the_stop_text_serves_both_moments() -> None:
    safety = made()
    assert sections(safety, "after")[0].markdown == sections(safety, "during")[0].markdown
    assert safety.title_for("after") == safety.title


def test_shipped_after_text_does_not_speak_of_an_exercise_in_progress() -> None:
    safety = shipped()
    during = sections(safety, "during")[0].markdown.lower()
    after = sections(safety, "after")[0].markdown.lower()
    # During: one stop step true for every protocol, with a dilator in or none (the drill).
    assert "ease it out" in during and "take the dilator out" not in during
    assert "ease it out" not in after and "take it out" not in after
    assert "no more training today" in after


def test_the_shipped_urgent_part_is_short_enough_for_one_screen() -> None:
    """At 80x24 the stop steps and the red flags must fit above the fold (see the UI test)."""
    safety = shipped()
    now_lines = plain_text(safety.stop_now).splitlines()
    assert len(now_lines) <= 5
    assert len(safety.red_flags) <= 7
    assert all(len(flag) <= 2 * 74 for flag in safety.red_flags)


def test_spoken_gives_the_stop_steps_and_the_urgent_signs_without_markup() -> None:
    text = spoken(shipped())
    assert "ease it out" in text.lower()
    assert "urgent" in text.lower()
    for flag in shipped().red_flags:
        assert flag.rstrip(".") in text
    assert "emergency" in text.lower()
    assert "*" not in text and "#" not in text
    after = spoken(shipped(), "after")
    assert "ease it out" not in after.lower() and "urgent" in after.lower()


def test_plain_text_drops_markup_and_keeps_list_numbers() -> None:
    text = plain_text("**Stop.** Now.\n\n1. One\n   more\n2. `Two`\n\n- a\n")
    assert text.splitlines() == ["Stop. Now.", "1. One more", "2. Two", "- a"]


def test_plain_mode_prints_the_same_order() -> None:
    out: list[str] = []
    show_safety(shipped(), out.append, out.append, "after")
    text = "\n".join(out)
    order = [
        "no more training today",
        HEADINGS["urgent"].lower(),
        "heavy bleeding",
        HEADINGS["warning"].lower(),
        "spotting:",
        HEADINGS["clinician"].lower(),
        HEADINGS["normal"].lower(),
        "pressure, stretch or fullness",
    ]
    low = text.lower()
    places = [low.index(word) for word in order]
    assert places == sorted(places), list(zip(order, places, strict=True))
    assert "**" not in text
    assert "dilator out" not in low  # after a session


def test_the_example_pack_still_loads_with_the_safety_fields_it_has() -> None:
    pack = load_pack(EXAMPLE)
    assert [s.tone for s in sections(pack.safety, "after")][:2] == ["now", "urgent"]


# --- one bleeding rule ----------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def test_the_bleeding_grades_read_the_same_in_safety_and_pack() -> None:
    """Spotting: stop for today. More than spotting: clinician the same or next day.
    Heavy or not stopping: urgent help. No file may grade a sign differently."""
    safety = shipped()
    pack = load_pack(CONTENT)
    flags = _words(" ".join(safety.red_flags))
    warnings = _words(" ".join(safety.warning_signs))
    clinician = _words(safety.see_clinician)
    disclaimer = _words(pack.info.disclaimer)
    assert "heavy bleeding" in flags and "does not stop" in flags and "10 minutes" in flags
    assert "spotting" in warnings and "stop for today" in _words(safety.warning_help)
    assert "more than spotting" in clinician and "the same day or the next" in clinician
    assert "spotting: stop for today" in disclaimer
    assert "more than spotting: contact your clinician" in disclaimer
    assert "same or next day" in disclaimer
    assert re.search(r"heavy or non-stop bleeding.*urgent help", disclaimer)
    # The old, contradicting grade ("more than a spot" was urgent in one file, a visit in
    # another) is gone.
    for text in (flags, warnings, clinician, disclaimer):
        assert "more than a spot" not in text


def test_plain_mode_puts_the_note_first() -> None:
    out: list[str] = []
    show_safety(made(), out.append, out.append, "after", note="You reported **heavy** bleeding.")
    assert out[2] == "You reported heavy bleeding."
    assert out.index("You reported heavy bleeding.") < out.index("Stop the exercise now.")


def test_the_safety_discreet_and_attribution_modules_leave_textual_out() -> None:
    import os
    import subprocess
    import sys

    probe = (
        "import sys, coach.pack.discreet, coach.pack.attribution\n"
        "light = sorted(m for m in ('textual', 'rich', 'pydantic') if m in sys.modules)\n"
        "import coach.pack.safety\n"
        "heavy = sorted(m for m in ('textual', 'rich') if m in sys.modules)\n"
        "print(light, heavy)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    ).stdout.strip()
    assert out == "[] []"


def test_plain_mode_ends_on_the_urgent_instruction() -> None:
    """A line terminal scrolls: the last lines printed point back at the urgent signs and say
    what to do, so they are on a 24-row screen whatever scrolled away."""
    out: list[str] = []
    safety = shipped()
    show_safety(safety, out.append, out.append, "during")
    tail = " ".join(out[-2:])
    assert "URGENT" in tail and "GET URGENT MEDICAL HELP NOW" in tail
    assert "emergency" in tail
