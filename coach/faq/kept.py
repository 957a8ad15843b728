"""The FAQ made ready to print, kept between runs: what ``coach faq --print`` needs, worked out once.

Every ``coach faq --print`` would otherwise build the search index (~12 ms for the default
pack's 41 entries, seconds at 10,000) and import markdown-it (~17 ms) to reduce the answers to
plain text, for the same FAQ each time. So both are kept, signed, in the user cache
(:mod:`coach.system.signed_store`): the index as plain data and every answer as width-free
pieces (:mod:`coach.faq.plain`), with ``faq:`` links already named.

**The key** digests the FAQ itself (entries, language, the urgent-help text; pickled, as the
pack holds them) and what turns it into the kept data: coach's ``coach.faq`` source and the text
stripping it uses, and the installed markdown-it, mdurl and stemmers (their files' sizes and
times: an upgrade rewrites them).
Any change is a miss, never a stale answer; the unpickler takes plain containers only.
"""

from __future__ import annotations

import logging
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.faq.search import FaqIndex
from coach.system import paths
from coach.system.code_stamp import code_stamp
from coach.system.collector import collector_paused
from coach.system.digest import blake2b
from coach.system.signed_store import SignedStore

if TYPE_CHECKING:
    from coach.faq.plain import Pieces
    from coach.pack.model import Pack

log = logging.getLogger(__name__)

FOLDER = "faq"
"""The store's folder, under the user cache dir."""
FORMAT = b"coach faq ready to print 1\n"
_LIBRARIES = ("markdown_it", "mdurl", "snowballstemmer", "Stemmer")
"""Whose files shape the kept data: the Markdown parser and its link normaliser, and the
stemmers (PyStemmer, when installed, is what snowballstemmer runs)."""
_SHAPING = ("system/safe_text.py", "system/safe_chars.py")
"""coach's own modules outside coach.faq that shape it: what is stripped from text."""


@dataclass(frozen=True, slots=True)
class ReadyFaq:
    """A pack's FAQ index and every answer as plain-text pieces, by the entry's position."""

    index: FaqIndex
    answers: tuple[Pieces, ...]
    help_now: Pieces  # the safety's urgent_help, for when no answer fits


def ready_faq(pack: Pack, cache_root: Path | None = None) -> ReadyFaq:
    """The pack's FAQ ready to print: kept from an earlier run of the same FAQ, else worked
    out (and kept for the next)."""
    store = SignedStore((cache_root or paths.cache_dir()) / FOLDER, form=FORMAT, suffix=".faq")
    try:
        key = faq_key(pack)
    except (OSError, ImportError, ValueError):  # code unreadable: worked out, not kept
        log.warning("the FAQ's cache key could not be made", exc_info=True)
        return _worked_out(pack)
    with collector_paused():  # tens of thousands of lasting objects at 10,000 entries
        kept = store.read(key)
        ready = _from_kept(pack, kept)
        if ready is not None:
            return ready
        ready = _worked_out(pack)
    store.write(key, (ready.index.state(), ready.answers, ready.help_now))
    return ready


def _from_kept(pack: Pack, kept: object) -> ReadyFaq | None:
    if not (isinstance(kept, tuple) and len(kept) == 3):
        return None
    state, answers, help_now = kept
    if not (isinstance(state, dict) and isinstance(answers, tuple)):
        return None
    if len(answers) != len(pack.faq) or not isinstance(help_now, tuple):
        return None
    index = FaqIndex.restore(pack.faq, pack.info.language, state)
    return ReadyFaq(index, answers, help_now)


def _worked_out(pack: Pack) -> ReadyFaq:
    # Only a miss imports markdown-it.
    from coach.faq.answers import answer_pieces

    questions = {entry.id: entry.question for entry in pack.faq}
    return ReadyFaq(
        FaqIndex.for_pack(pack),
        tuple(answer_pieces(entry.answer, questions) for entry in pack.faq),
        answer_pieces(pack.safety.urgent_help),
    )


def faq_key(pack: Pack) -> bytes:
    """What the kept data depends on, digested: the FAQ and the code that works it out."""
    digest = blake2b(FORMAT, digest_size=32)
    digest.update(f"{sys.version}\0".encode())
    digest.update(code_stamp(("faq",), _SHAPING, _LIBRARIES))
    faq = (pack.info.language, pack.faq, pack.safety.urgent_help)
    digest.update(pickle.dumps(faq, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.digest()
