"""Level parameters filled into a protocol, and the check-in questions a protocol asks.

Pure and Textual-free. The session engine runs a resolved protocol: ``protocol_for_level``
replaces each ``"{name}"`` a step reads with the level's value, so a level can set a hold's
seconds or a set's repetitions, and moving up a level changes the timer. ``"{previous.name}"``
reads the level the person was on before the last change, and inside a text ``{level}`` and
``{previous.level}`` are the two levels' names; a step with ``after_level_change = N`` runs
only in the first N sessions after a change. The engine and the screens need no notion of
parameters at all.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from coach.pack.model import PREVIOUS, Activity, Level, Pack, Program, Protocol, Question

_REF = re.compile(r"\{((?:previous\.)?[a-z][a-z0-9_]*)\}")
NAME = "level"
"""``{level}`` in a text: the level's name (unless the level sets a parameter of that name)."""


class ParamError(ValueError):
    """A protocol reads a parameter its level does not set, or a value that doesn't fit."""


def _fill(node: Any, params: dict[str, int | str]) -> Any:
    if isinstance(node, str):
        whole = _REF.fullmatch(node)
        if whole is not None:
            name = whole.group(1)
            if name not in params:
                raise ParamError(f"the level sets no parameter {name!r}")
            return params[name]  # keeps its type: 5 stays a number for repetitions
        # Inside a title, text or cue, a known "{name}" reads as its value ("Hold {hold}").
        return _REF.sub(lambda m: str(params.get(m.group(1), m.group(0))), node)
    if isinstance(node, dict):
        return {key: _fill(value, params) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, params) for value in node]
    return node


def _params(level: Level | None, previous: Level | None) -> dict[str, int | str]:
    """The values a step can read: the level's, then the previous level's as 'previous.X'
    (the level's own again when there was no change, so a text always reads)."""
    params: dict[str, int | str] = {}
    for prefix, source in (("", level), (PREVIOUS, previous or level)):
        if source is None:
            continue
        params[prefix + NAME] = source.name
        params.update({prefix + key: value for key, value in source.params.items()})
    return params


def protocol_for_level(
    protocol: Protocol,
    level: Level | None,
    *,
    previous: Level | None = None,
    after_change: int | None = None,
) -> Protocol:
    """``protocol`` with ``level``'s parameters filled in; unchanged when it reads none.

    ``previous``: the level before the last change of level (``None``: there was none), and
    ``after_change``: how many sessions have counted on ``level`` since that change. A step
    with ``after_level_change = N`` is kept only while ``after_change < N`` after a change.

    Raises :class:`ParamError` when a parameter is missing or its value does not fit the field
    (``coach check`` runs this for every level, so a valid pack never raises at session start).
    """
    conditional = [s for s in protocol.steps if s.after_level_change is not None]
    reads = protocol.params() or (level is not None and _mentions_braces(protocol))
    if not reads and not conditional:
        return protocol

    # Filled in as a file would be, then validated as one: a value that does not fit its
    # field is refused here as it would be in the file (pydantic only on this path).
    from coach.pack.validate import ValidationError, dump, validate

    data = dump(protocol, mode="json", exclude_none=True)
    if conditional:
        changed = previous is not None and after_change is not None
        data["steps"] = [
            raw
            for step, raw in zip(protocol.steps, data["steps"], strict=True)
            if step.after_level_change is None
            or (changed and after_change is not None and after_change < step.after_level_change)
        ]
    data = _fill(data, _params(level, previous))
    try:
        return validate(Protocol, data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ParamError(f"{where}: {message}") from None


def _mentions_braces(node: Any) -> bool:
    """Whether any text in ``node`` (a content object) holds a "{", which may be a ``{name}``
    a level fills in."""
    if isinstance(node, str):
        return "{" in node
    if dataclasses.is_dataclass(node):
        return any(_mentions_braces(getattr(node, f.name)) for f in dataclasses.fields(node))
    if isinstance(node, list | tuple):
        return any(_mentions_braces(item) for item in node)
    if isinstance(node, dict):
        return any(_mentions_braces(k) or _mentions_braces(v) for k, v in node.items())
    return False


def resolved_protocol(
    pack: Pack,
    protocol: Protocol,
    level_id: str | None,
    *,
    previous_id: str | None = None,
    after_change: int | None = None,
) -> Protocol:
    """The protocol as it runs at ``level_id`` (the planned level); itself without levels.
    ``previous_id`` and ``after_change``: see :func:`protocol_for_level`."""
    level = previous = None
    if pack.program is not None:
        levels = pack.program.levels
        index = pack.program.level_index(level_id) if level_id is not None else None
        level = levels[index] if index is not None else None
        before = pack.program.level_index(previous_id) if previous_id is not None else None
        previous = levels[before] if before is not None else None
        if level is None and protocol.params():
            level = levels[0]  # a protocol that reads parameters always has a level
    return protocol_for_level(protocol, level, previous=previous, after_change=after_change)


# Pain is the one question coach always asks: the engine stops for it, and a yes always leads
# to the safety guidance. Content without a pain question of its own gets this one.
PAIN_QUESTION_ID = "pain"


def pain_question() -> Question:
    """coach's own pain question, asked when the content has none."""
    return Question(
        id=PAIN_QUESTION_ID,
        kind="yes_no",
        ask="Any pain?",
        hint="Pain, not just a stretch or discomfort",
        pain=True,
    )


def questions_for(program: Program | None, protocol: Protocol | None) -> list[Question]:
    """The check-in's questions for a protocol: the pack's (narrowed by ``checkin_only``),
    then the protocol's own; coach's own pain question first when none of them is one."""
    pack_questions = list(program.checkin) if program is not None else []
    if protocol is not None and protocol.checkin_only is not None:
        by_id = {q.id: q for q in pack_questions}
        pack_questions = [by_id[i] for i in protocol.checkin_only if i in by_id]
    asked = [*pack_questions, *(protocol.checkin if protocol is not None else ())]
    if not any(q.pain for q in asked):
        taken = {q.id for q in asked}
        if PAIN_QUESTION_ID not in taken:
            asked.insert(0, pain_question())
    return asked


def activity_questions(program: Program, activity: Activity) -> list[Question]:
    """The questions asked when ``activity`` is logged (its ``asks``, in that order), coach's
    own pain question standing in for a ``pain`` the content does not ask itself."""
    by_id = {q.id: q for q in program.checkin}
    if activity.asks and PAIN_QUESTION_ID not in by_id and not any(q.pain for q in by_id.values()):
        by_id[PAIN_QUESTION_ID] = pain_question()
    return [by_id[qid] for qid in activity.asks if qid in by_id]


def all_questions(pack: Pack) -> dict[str, Question]:
    """Every question of the pack by id, protocols' own included (for history and rules)."""
    found: dict[str, Question] = {}
    for question in pack.program.checkin if pack.program else ():
        found.setdefault(question.id, question)
    for protocol in pack.protocols:
        for question in protocol.checkin:
            found.setdefault(question.id, question)
    if not any(q.pain for q in found.values()) and PAIN_QUESTION_ID not in found:
        found = {PAIN_QUESTION_ID: pain_question(), **found}
    return found


__all__ = [
    "ParamError",
    "activity_questions",
    "all_questions",
    "protocol_for_level",
    "questions_for",
    "resolved_protocol",
]
