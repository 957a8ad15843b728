"""What discreet mode must never show: every word a pack's content gives, collected from the
pack itself (titles, step titles and texts, checklist items, cues, phase names, the source), so
a test can assert that none of it appears in an output, whatever the pack says."""

from __future__ import annotations

import json
import re
from pathlib import Path

from coach.pack import discreet
from coach.pack.model import Pack
from coach.pack.validate import dump

ROOT = Path(__file__).resolve().parents[1]
PACKS = [ROOT / "content", ROOT / "examples" / "pelvic-floor"]
"""The shipped pack and the example: two different kinds of content."""

_NEUTRAL = {
    *discreet.STEP_TITLES.values(),
    *discreet.PHASE_NAMES.values(),
    discreet.CHECKLIST_ITEM,
    "Done",
    "Well done",
}
"""Content words that are themselves neutral: a title "Get ready" may show as it is."""

_COACH_OWN = {"if you meet resistance"}
"""coach's own words, shown whatever the content (plain mode's key hint for an attempts step
with a resistance branch), which a pack's text may happen to use too."""


def words(text: str) -> list[str]:
    """Lower-case words, Markdown marks and punctuation dropped: what a screen shows of it."""
    return re.findall(r"[a-z0-9']+", text.lower())


def secrets(pack: Pack) -> tuple[set[str], set[str]]:
    """(titles and short labels, matched whole; four-word runs of every longer text), less
    whatever the content itself gives as discreet words (``discreet_title`` and the like):
    those it chose to show in discreet mode."""
    chosen = " ".join(
        text or ""
        for protocol in pack.protocols
        for step in protocol.steps
        for text in (
            step.discreet_title,
            step.discreet_text,
            *(cue.discreet_say for cue in step.cues),
        )
    )
    # The safety guidance shows in discreet mode too (stopping for pain comes first): a phrase
    # it shares with a step's text ("sit or lie comfortably") is not the step's leaking.
    safety = " ".join(
        [
            json.dumps(dump(pack.safety, mode="json")),
            *(protocol.stop_now for protocol in pack.protocols),
        ]
    )
    allowed = f" {' '.join(words(chosen))} {' '.join(words(safety))} "
    titles = {pack.info.title}
    texts = [pack.info.description] if getattr(pack.info, "description", None) else []
    source = pack.info.source
    if source is not None:
        titles.add(source.title)
        if source.clinician:
            titles.add(source.clinician)
    for protocol in pack.protocols:
        titles.add(protocol.title)
        texts.append(protocol.summary)
        for step in protocol.steps:
            titles.add(step.title)
            texts.append(step.text)
            titles.update(cue.say for cue in step.cues)
            if step.kind == "checklist":
                titles.update(step.items)
            if step.kind == "intervals":
                titles.update(phase.name for phase in step.phases)
    whole = {" ".join(words(t)) for t in titles if t not in _NEUTRAL}
    runs = set()
    for text in texts:
        w = words(text)
        # a run with a figure in it ("2-3 sessions a week") names nothing
        runs.update(
            run
            for run in (" ".join(w[i : i + 4]) for i in range(len(w) - 3))
            if not any(c.isdigit() for c in run)
        )
    return (
        {t for t in whole if t and f" {t} " not in allowed},
        {r for r in runs - _COACH_OWN if f" {r} " not in allowed},
    )


def leaks(pack: Pack, output: str) -> list[str]:
    """The content's words found in ``output`` (empty: nothing leaked)."""
    shown = f" {' '.join(words(output))} "
    titles, runs = secrets(pack)
    return sorted(s for s in titles | runs if f" {s} " in shown)
