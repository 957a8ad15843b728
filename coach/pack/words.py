"""Words the content owns, said the same way everywhere: the session noun, counts and plurals.

A programme may call one run a "set" or a "practice" rather than a "session"
(``program.toml``: ``session_noun``, ``session_plural``); every front end, speech and the
figures say it through :class:`Noun`, so "1 sets", "1 times" or "up to 1 more session" at the
start of a sentence cannot come back in one place while fixed in another.

Textual-free and pydantic-free: the engine's announcements use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.pack.model import Program


@dataclass(frozen=True, slots=True)
class Noun:
    """A noun and its plural, as the content writes them ("set", "sets")."""

    one: str
    many: str

    def of(self, count: int) -> str:
        """The form that goes with ``count``: "set" for 1, "sets" otherwise."""
        return self.one if count == 1 else self.many

    def count(self, count: int) -> str:
        """ "1 set", "3 sets" """
        return f"{count} {self.of(count)}"

    @property
    def title(self) -> str:
        """The noun at the start of a sentence: "Set"."""
        return sentence(self.one)


SESSION = Noun("session", "sessions")
"""The default: what coach calls one run of a protocol when the content says nothing."""


def plural(noun: str, given: str | None = None) -> str:
    """``given``, else the regular English plural of ``noun`` (the content can always say)."""
    if given:
        return given
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if len(noun) > 1 and noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def session_noun(program: Program | None) -> Noun:
    """What the programme calls one session ("set", "sets"); "session" without a programme."""
    if program is None:
        return SESSION
    return Noun(program.session_noun, plural(program.session_noun, program.session_plural))


def times(count: int) -> str:
    """How often: "once", "twice", "3 times" (never "1 times")."""
    if count == 1:
        return "once"
    if count == 2:
        return "twice"
    return f"{count} times"


def sentence(text: str) -> str:
    """``text`` as the start of a sentence: its first letter in capitals, the rest as written
    ("up to 2 more sets today" -> "Up to 2 more sets today")."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
        if not char.isspace():
            return text  # starts with a number or a sign: already a sentence's start
    return text


def of_total(number: int, total: int) -> str:
    """ "(2 of 10)" for a place among several; nothing when there is only one ("(1 of 1)")."""
    return f" ({number} of {total})" if total > 1 else ""


__all__ = ["SESSION", "Noun", "of_total", "plural", "sentence", "session_noun", "times"]
