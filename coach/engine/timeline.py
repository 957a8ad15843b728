"""A step's timeline: what happens at which second of the step, worked out once from the schema.

The engine walks these marks as the step's active time passes; the view reads the same numbers,
so the screen and the events never disagree about when a phase changed or a cue was due.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from coach.engine.events import EventKind

if TYPE_CHECKING:
    from coach.pack.model import AnyStep

# At one second, several marks can fall due: the phase starts first (it is what the person
# does), then a cue about it, then the step's own milestones.
_ORDER = {EventKind.PHASE: 0, EventKind.CUE: 1, EventKind.MIN_REACHED: 2, EventKind.TIME_UP: 3}


@dataclass(frozen=True, slots=True)
class Mark:
    """One clock-driven event of a step, ``offset`` seconds of active step time after it starts."""

    offset: float
    kind: EventKind
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Timeline:
    length: float | None
    """The step's full length (its maximum for a range); ``None`` when untimed."""
    window: tuple[float, float] | None
    """``(low, high)`` when the duration is a range, else ``None``."""
    minimum: float | None
    """Active seconds on the step before it may be left as done: a range's minimum, else the
    whole length; ``None`` when untimed."""
    marks: tuple[Mark, ...]
    """Every clock-driven event, in firing order."""
    cue_offsets: tuple[float, ...]
    cue_says: tuple[str, ...]
    phase_starts: tuple[float, ...]
    """Intervals only: the start of each phase of each repetition, in order."""
    phase_count: int
    """Intervals only: phases in one repetition."""


def _data(**values: Any) -> Mapping[str, Any]:
    return MappingProxyType(values)


def build_timeline(step: AnyStep) -> Timeline:
    length = step.step_seconds()
    marks: list[tuple[float, int, int, Mark]] = []  # (offset, order, sequence, mark)

    def add(offset: float, kind: EventKind, data: Mapping[str, Any]) -> None:
        marks.append((offset, _ORDER[kind], len(marks), Mark(offset, kind, data)))

    window: tuple[float, float] | None = None
    duration = getattr(step, "duration", None)  # timed and attempts steps
    if duration is not None:
        if not duration.fixed:
            window = (duration.low, duration.high)
            add(duration.low, EventKind.MIN_REACHED, _data(low=duration.low, high=duration.high))
        add(duration.high, EventKind.TIME_UP, _data(seconds=duration.high))

    phase_starts: list[float] = []
    phase_count = 0
    if step.kind == "intervals":
        phase_count = len(step.phases)
        # Starts computed once, by repetition from the cycle, so the view's bisect and the
        # events use the very same floats.
        cycle = sum(phase.duration.low for phase in step.phases)
        for repetition in range(step.repetitions):
            start = repetition * cycle
            for index, phase in enumerate(step.phases):
                phase_starts.append(start)
                add(
                    start,
                    EventKind.PHASE,
                    _data(
                        phase=phase.name,
                        tone=phase.tone,
                        index=index,
                        repetition=repetition + 1,
                        of=step.repetitions,
                    ),
                )
                start += phase.duration.low
        assert length is not None
        add(length, EventKind.TIME_UP, _data(seconds=length))

    cues = sorted(
        ((cue.offset(length or 0.0), index, cue.say) for index, cue in enumerate(step.cues)),
    )
    for offset, index, say in cues:
        show_for = step.cues[index].show_for
        if show_for is not None:  # how long a screen keeps it up, where the content says
            add(offset, EventKind.CUE, _data(say=say, index=index, show_for=show_for.low))
        elif phase_starts and length is not None and offset < length:
            # In intervals, a cue belongs to the phase it falls in: it leaves the screen when
            # that phase ends ("squeeze harder" must not stay up through the rest).
            end = next((start for start in phase_starts if start > offset), length)
            add(offset, EventKind.CUE, _data(say=say, index=index, show_for=end - offset))
        else:
            add(offset, EventKind.CUE, _data(say=say, index=index))

    marks.sort(key=lambda item: item[:3])
    return Timeline(
        length=length,
        window=window,
        minimum=window[0] if window is not None else length,
        marks=tuple(item[3] for item in marks),
        cue_offsets=tuple(offset for offset, _, _ in cues),
        cue_says=tuple(say for _, _, say in cues),
        phase_starts=tuple(phase_starts),
        phase_count=phase_count,
    )
