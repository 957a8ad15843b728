"""What FAQ search knows about a language: its stop-words and its stemmer.

Generic on purpose: nothing here knows any pack's topic. Synonyms and slang belong in the
content (an entry's ``phrases``), never in code. Stop-words exist for English only; other
languages still get stemming where Snowball has an algorithm, and search works without either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import snowballstemmer

# Words that carry no topic. Contractions appear as text.words() folds them ("can't" -> "cant").
# Kept out on purpose, though common lists have them: in, out, up, down, off, after, before,
# during, over, more, much, many, every, day, get: in a how-to question they are the topic.
_ENGLISH_STOP_WORDS = frozenset(
    """
    a an the i me my mine myself we us our you your yours it its itself they them their he him
    his she her hers one is am are was were be been being do does did doing have has had having
    can could will would should shall may might must to of at on for with by from about as into
    and or but if so than then this that these those there here what whats which who whom whose
    how hows when where wheres why whys just really very quite some any anything something
    anyone anybody someone somebody please also too even ever still not no dont doesnt didnt
    cant cannot couldnt
    wont wouldnt shouldnt isnt arent wasnt werent havent hasnt hadnt im ive id ill youre youve
    thats theres s t ok okay
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "ne": "nepali", "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish",
}  # fmt: skip


def _base(language: str) -> str:
    return language.split("-", 1)[0].casefold()


def stop_words(language: str) -> frozenset[str]:
    """Words to leave out of a query in ``language`` (a BCP 47 tag such as "en" or "en-GB")."""
    return _ENGLISH_STOP_WORDS if _base(language) == "en" else frozenset()


@cache
def stemmer(language: str) -> Callable[[str], str] | None:
    """A function from a folded word to its stem, or None when the language has no stemmer."""
    algorithm = _SNOWBALL.get(_base(language))
    if algorithm is None:
        return None

    return snowballstemmer.stemmer(algorithm).stemWord
