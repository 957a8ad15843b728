"""What counts: the one rule for whether a session counts toward the plan, from the content.

The engine judges each session with it when the session ends (the verdict goes into the
FINISHED event, and the journal keeps it), and says as it happens when a step left behind
means the session can no longer count. Figures, history and the reports read the verdict.

The rule, for a protocol with ``counts_as_session = true``:

* a step is **done** when it is left with *next* after its minimum: a timed step's time (a
  range's minimum, else the whole time), every round of an intervals step, an attempts step's
  time if it has one, and at least one try (the number expected is what is usual, "4-6", not
  a minimum: a muscle that lets go at the second try has done the step). Left sooner, it is
  *short*, not done. Skipped, it is *skipped*; a step whose absence cannot change the verdict
  (an optional one) is *left out* instead.
* a session counts when it was carried through to its end (not ended early, not stopped for
  pain), every **required** step is done, and, with ``counts_after = N``, at least N of its
  timed, attempts and intervals steps are done.
* **required** by default: every timed, attempts and intervals step outside a branch (none of
  them when ``counts_after`` is given); info and checklist steps only in a protocol that has no
  timed, attempts or intervals step. A step's ``required = true`` or ``false`` says otherwise.
  Info and checklist steps never count toward ``counts_after``: reading is not the exercise.

Pure: steps are read by their ``kind`` and fields, so no pydantic is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.pack.model import AnyStep, Protocol

EXERCISE_KINDS = frozenset({"timed", "attempts", "intervals"})
"""Steps with a clock or tries: what ``counts_after`` counts (info and checklist steps never)."""

DONE = "done"
SHORT = "short"  # left with next before its minimum
SKIPPED = "skipped"
LEFT_OUT = "left_out"  # skipped, but optional: it cannot change the verdict


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a session counts toward the plan, and if not, why, in a few words."""

    counts: bool
    why_not: str = ""
    """ "'Squeeze and hold' was skipped"; empty when it counts."""


class CountRule:
    """The rule for one protocol, worked out once (a session asks it at every step)."""

    def __init__(self, protocol: Protocol) -> None:
        main = [step for step in protocol.steps if not step.branch_only]
        has_exercise = any(step.kind in EXERCISE_KINDS for step in main)
        self.counts_as_session = protocol.counts_as_session
        self.needed = protocol.counts_after
        self._main = tuple((step.id, step.title) for step in main)
        self._required = frozenset(
            step.id for step in main if _required(step, self.needed, has_exercise)
        )
        self._pool = frozenset(
            step.id for step in main if self.needed is not None and step.kind in EXERCISE_KINDS
        )

    def required(self, step: AnyStep) -> bool:
        """Whether a session counts only if ``step`` is done."""
        return not step.branch_only and step.id in self._required

    def optional(self, step: AnyStep) -> bool:
        """Leaving ``step`` out cannot change whether the session counts (a warm bath marked
        ``required = false``, an info step): skipping it is "left out", never "skipped"."""
        return step.branch_only or (step.id not in self._required and step.id not in self._pool)

    def left(self, step: AnyStep, *, skipped: bool, time_reached: bool, attempts: int) -> str:
        """The outcome of ``step`` left forward now: done, short, skipped or left out.
        ``time_reached``: its time minimum has passed (the engine's clock says)."""
        if skipped:
            return LEFT_OUT if self.optional(step) else SKIPPED
        in_full = time_reached and (step.kind != "attempts" or attempts >= 1)
        return DONE if in_full else SHORT

    def _lost(self, outcomes: Mapping[str, str], pain: bool) -> str:
        """Why the session can no longer count, whatever comes next; empty while it still can."""
        if not self.counts_as_session:
            return "this routine never counts toward the plan"
        if pain:
            return "it was stopped for pain"
        for step_id, title in self._main:
            if step_id in self._required:
                outcome = outcomes.get(step_id)
                if outcome in (SKIPPED, LEFT_OUT):
                    return f"'{title}' was skipped"
                if outcome == SHORT:
                    return f"'{title}' was left before it was done"
        if self.needed is not None:
            possible = sum(1 for s in self._pool if outcomes.get(s) in (None, DONE))
            if possible < self.needed:
                return f"fewer than {self.needed} of its exercise steps can still be done"
        return ""

    def can_still_count(self, outcomes: Mapping[str, str], *, pain: bool) -> Verdict:
        """Whether the session can still count if the rest is done: what the front ends say the
        moment a step left behind means it cannot."""
        why = self._lost(outcomes, pain)
        return Verdict(not why, why)

    def judge(self, outcomes: Mapping[str, str], *, carried_through: bool, pain: bool) -> Verdict:
        """The verdict on a finished session (``outcomes``: step id -> outcome, as left)."""
        why = self._lost(outcomes, pain)
        if why:
            return Verdict(False, why)
        if not carried_through:
            return Verdict(False, "it was ended early")
        for step_id, title in self._main:
            if step_id in self._required and outcomes.get(step_id) != DONE:
                return Verdict(False, f"'{title}' was not done")
        if self.needed is not None:
            done = sum(1 for s in self._pool if outcomes.get(s) == DONE)
            if done < self.needed:
                return Verdict(
                    False, f"{done} of the {self.needed} exercise steps it needs were done"
                )
        return Verdict(True)


def _required(step: AnyStep, needed: int | None, has_exercise: bool) -> bool:
    if step.required is not None:
        return step.required
    if needed is not None:
        return False
    return step.kind in EXERCISE_KINDS or not has_exercise


__all__ = ["DONE", "EXERCISE_KINDS", "LEFT_OUT", "SHORT", "SKIPPED", "CountRule", "Verdict"]
