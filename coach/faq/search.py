"""Fuzzy, ranked search over FAQ entries, fast enough to run on every keystroke.

How a query is scored:

* The query is split into words, and words that carry no topic ("how", "can't", "the": see
  :mod:`coach.faq.language`) are left out, unless nothing else is left. Each remaining word is
  matched against the index's vocabulary: the same word scores 100, the same stem ("cleaning"
  -> "clean", via Snowball) a little less, a word it begins (typing in progress: "lubri" ->
  "lubricant") less, and a near miss (a typo: "lubricnt") less again, via rapidfuzz's ``ratio``.
* Each entry has five fields, weighted: the question (1.0), the content's ``phrases``, other
  ways a person asks the same thing (1.0), the tags (0.9), the first paragraph of the answer
  (0.75: answers lead with the direct answer) and the whole answer (0.6: above the
  match threshold, so a word found only there still finds it). A word's score for an
  entry is its best match over the fields times the field's weight, plus a little for each
  further field it also appears in.
* Words are weighted by rarity (inverse document frequency), so "how often" ranks by "often",
  and a word that matches nothing counts as a common one: a stray word does not empty the list.
* The query's words, in order, inside the question or a phrase add a bonus; being the whole of
  one adds more. So "next size" finds the entry that has it as a phrase, not one whose answer
  happens to hold both words.

Long answers never swamp the ranking because they are indexed as sets of words, not matched as
strings, and weigh least. The per-word results are cached, so a keystroke only pays for the
word being typed.

Measured against SQLite FTS5 with weighted bm25 and Porter stemming, given the same phrases
and stop-words (``python bench/bench_faq.py --compare``): FTS5 answered 88/98 and 36/40 of the
query sets right first time, this index 97/98 and 38/40; FTS5 has no typo tolerance, and its
prefix queries on the first letters typed made its p95 per keystroke at 10,000 entries 25-36
ms, over the 16 ms frame, where this index stays well within it. So this index is kept, with
rapidfuzz (typos) and Snowball (stems) doing the matching.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz, process

from coach.faq.language import stemmer, stop_words
from coach.faq.words import fold, lead, markdown_words, words
from coach.pack.model import FAQ_LINK

if TYPE_CHECKING:
    from coach.pack.model import FaqEntry, Pack

FieldName = Literal["question", "phrases", "tags", "answer"]

_FIELD_NAMES: tuple[FieldName, ...] = ("question", "phrases", "tags", "answer", "answer")
_WEIGHTS = (1.0, 1.0, 0.9, 0.75, 0.6)  # question, phrases, tags, lead paragraph, whole answer
_QUESTION, _PHRASES, _TAGS, _LEAD, _ANSWER = range(5)
_FIELDS = len(_WEIGHTS)
_ALL_FIELDS = tuple(range(_FIELDS))
_TITLE_FIELDS = (_QUESTION, _PHRASES, _TAGS)  # where the start of a word is looked for
_SHORT_PREFIX = 2  # a word typed this far is only looked for as the start of a title word

MIN_SCORE = 55.0
"""Below this an entry does not match. A two-word query needs both words to match somewhere."""
FITS = 0.5
"""The share of a query (its words weighted by rarity) the first entry must cover to fit it."""
_FITS_WORD = 0.8  # a word of the topic counts as covered from this close (0.8: in a question)

_BREADTH_BONUS = 2.0  # per extra field a word is found in: breaks ties toward the fuller match
_PHRASE_BONUS = 6.0  # the query's words, in order, inside the question or a phrase
_WHOLE_PHRASE_BONUS = 14.0  # the query's words are the whole question or a phrase
_VERBATIM_BONUS = 6.0  # ... and so are its stop-words: the question typed out in full
_COVERAGE_BONUS = 4.0  # times the share of the question's words the query matched
_SPAN_BONUS = 6.0  # times the share (by rarity) of the best-covered question or phrase
_SPAN_CANDIDATES = 40  # the span test runs on this many leading entries
_SPAN_MATCH = 80.0  # a query word covers a phrase's word from this close (a typo included)
_MAX_BONUS = _WHOLE_PHRASE_BONUS + _VERBATIM_BONUS + _PHRASE_BONUS + _COVERAGE_BONUS + _SPAN_BONUS
_PHRASE_CANDIDATES = 300  # phrase bonuses are tested on this many leading entries
_EXACT = 100.0
_STEM = 96.0  # "cleaning" -> "clean": the same word, another ending
_PREFIX_BASE, _PREFIX_SPAN = 85.0, 15.0  # "posit" -> "positions": 85 + 15 * 5/9
_FUZZY_FACTOR = 0.95  # a typo of a whole word
_FUZZY_PREFIX_FACTOR = 0.85  # a typo while still typing the word
_FUZZY_MIN_LENGTH = 4  # shorter words have too many neighbours to guess at
_BUILT_ON_MIN = 5  # a known word this long or longer, at the start of a longer one
_FUZZY_PREFIX_LENGTHS = range(_FUZZY_MIN_LENGTH, 9)
_TOKEN_CACHE_SIZE = 512
_LIGHT = 0.25  # the weight of a general word ("think", "kind") or a number, against its rarity


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching entry: its score (about 0-105) and where it matched best."""

    entry: FaqEntry
    score: float
    field: FieldName | None  # None for the empty query (everything, unscored)
    index: int  # position in content order


@dataclass(frozen=True, slots=True)
class Answer:
    """What to show for a question: entries, best first, and whether the first fits it."""

    entries: tuple[FaqEntry, ...]
    fits: bool
    unknown: tuple[str, ...] = ()  # the query's words the FAQ never uses (typos beyond repair)


@dataclass(frozen=True, slots=True)
class _TokenResult:
    best: dict[int, float]  # entry -> weighted score of this word, breadth bonus included
    fields: tuple[dict[int, float], ...]  # per field: entry -> unweighted word score
    weight: float  # rarity of the word (idf), less for a general word or a number
    words: frozenset[str]  # the vocabulary words it matches closely (for phrase coverage)
    rarity: float  # rarity of the word (idf) alone: for whether an answer fits
    light: bool  # a number, or a word no question, phrase or tag uses


class FaqIndex:
    """A search index over FAQ entries; build once per pack, then query on every keystroke."""

    def __init__(self, entries: Sequence[FaqEntry], language: str = "en") -> None:
        self._entries: tuple[FaqEntry, ...] = tuple(entries)
        self._stop = stop_words(language)
        self._stem = stemmer(language)
        self._position: dict[str, int] = {}
        for i, entry in enumerate(self._entries):
            self._position.setdefault(entry.id, i)
        # Per field: word -> the entries whose field contains the word.
        by_field: tuple[defaultdict[str, list[int]], ...] = tuple(
            defaultdict(list) for _ in range(_FIELDS)
        )
        # " word word " of the question and each phrase, stop-words left out, for phrase tests;
        # and whole ones -> entries, so a query that is exactly a phrase is one lookup.
        spans: list[tuple[str, ...]] = []
        whole: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        verbatim: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        question_sizes: list[int] = []
        span_words: list[tuple[frozenset[str], ...]] = []
        by_tag: defaultdict[str, list[int]] = defaultdict(list)
        found_in: Counter[str] = Counter()  # word -> how many entries use it, in any field
        for i, entry in enumerate(self._entries):
            question_words = words(entry.question)
            phrase_words = [words(phrase) for phrase in entry.phrases]
            fields = (
                question_words,
                [word for phrase in phrase_words for word in phrase],
                words(" ".join(entry.tags)),
                markdown_words(lead(entry.answer)),
                markdown_words(entry.answer),
            )
            entry_words: set[str] = set()
            for postings_of, field_words in zip(by_field, fields, strict=True):
                distinct = set(field_words)
                entry_words |= distinct
                for word in distinct:
                    postings_of[word].append(i)
            found_in.update(entry_words)
            own: list[str] = []
            span_words.append(
                tuple(
                    frozenset(self._content(span))
                    for span in (question_words, *phrase_words)
                    if self._content(span)
                )
            )
            question_sizes.append(len(set(self._content(question_words))))
            for span in (question_words, *phrase_words):
                if span and (not verbatim[tuple(span)] or verbatim[tuple(span)][-1] != i):
                    verbatim[tuple(span)].append(i)
                content = self._content(span)
                if content:
                    own.append(" " + " ".join(content) + " ")
                    key = tuple(content)
                    if not whole[key] or whole[key][-1] != i:
                        whole[key].append(i)
            spans.append(tuple(own))
            for tag in dict.fromkeys(fold(tag) for tag in entry.tags):
                by_tag[tag].append(i)
        postings = set().union(*by_field)
        # Frozen as tuples: the garbage collector stops tracking tuples of ints and strings,
        # whereas lists would be walked by every full collection (50 ms at 10k entries).
        empty: tuple[int, ...] = ()
        self._postings: dict[str, tuple[tuple[int, ...], ...]] = {
            word: tuple(tuple(field.get(word, empty)) for field in by_field) for word in postings
        }
        self._vocabulary = sorted(postings)
        self._vocabulary_set = frozenset(postings)
        self._stems: dict[str, tuple[str, ...]] = {}
        if self._stem is not None:
            by_stem: defaultdict[str, list[str]] = defaultdict(list)
            for word in self._vocabulary:
                by_stem[self._stem(word)].append(word)
            self._stems = {key: tuple(ws) for key, ws in by_stem.items()}
        # For typos in a word still being typed: the vocabulary cut to each length.
        self._prefixes: dict[int, tuple[list[str], dict[str, tuple[str, ...]]]] = {}
        for length in _FUZZY_PREFIX_LENGTHS:
            cut: dict[str, list[str]] = {}
            for word in self._vocabulary:
                if len(word) > length:
                    cut.setdefault(word[:length], []).append(word)
            self._prefixes[length] = (list(cut), {key: tuple(ws) for key, ws in cut.items()})
        self._spans = spans
        self._whole = {key: tuple(found) for key, found in whole.items()}
        self._verbatim = {key: tuple(found) for key, found in verbatim.items()}
        self._question_sizes = question_sizes
        self._span_words = span_words
        # Rarity (idf) of every word, worked out here: at the first keystroke, the union of a
        # common word's postings took most of a frame at 10,000 entries.
        count = len(self._entries)
        self._rarity: dict[str, float] = {
            word: math.log1p(count / entries) for word, entries in found_in.items()
        }
        self._nearest_choices = [
            fold(f"{entry.question} {' '.join(entry.phrases)} {' '.join(entry.tags)}")
            for entry in self._entries
        ]
        self._by_tag = {tag: tuple(positions) for tag, positions in by_tag.items()}
        self._token_cache: dict[str, _TokenResult] = {}
        self._sums_cache: dict[tuple[str, ...], tuple[dict[int, float], float]] = {}

    def _content(self, tokens: Sequence[str]) -> list[str]:
        """The words that carry a topic; all of them when every one is a stop-word."""
        content = [token for token in tokens if token not in self._stop]
        return content or list(tokens)

    @classmethod
    def for_pack(cls, pack: Pack) -> FaqIndex:
        """The index of a pack's FAQ, in the pack's language: what every caller should build."""
        return cls(pack.faq, pack.info.language)

    # --- kept between runs (coach.faq.kept) -------------------------------------------------

    _NOT_KEPT = frozenset({"_entries", "_stop", "_stem", "_token_cache", "_sums_cache"})

    def state(self) -> dict[str, object]:
        """What the index is made of, as plain data (words, positions, numbers): no entry, no
        stemmer and no per-query cache; :meth:`restore` makes the index again from it."""
        return {name: value for name, value in vars(self).items() if name not in self._NOT_KEPT}

    @classmethod
    def restore(
        cls, entries: Sequence[FaqEntry], language: str, state: dict[str, object]
    ) -> FaqIndex:
        """The index :meth:`state` was taken from, over the same ``entries`` (a caller keys the
        state by them: positions in it are positions in ``entries``)."""
        index = cls.__new__(cls)
        vars(index).update(state)
        index._entries = tuple(entries)
        index._stop = stop_words(language)
        index._stem = stemmer(language)
        index._token_cache = {}
        index._sums_cache = {}
        return index

    # --- lookups ------------------------------------------------------------------------------

    @property
    def entries(self) -> tuple[FaqEntry, ...]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def position(self, entry: FaqEntry) -> int:
        """Where ``entry`` (one of this index's) stands in content order."""
        position = self._position.get(entry.id)
        if position is not None and self._entries[position] is entry:
            return position
        return next(i for i, own in enumerate(self._entries) if own is entry)

    def get(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, or None."""
        position = self._position.get(entry_id)
        return None if position is None else self._entries[position]

    # --- search -------------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 50) -> list[Hit]:
        """Entries matching ``query``, best first; the empty query gives all, in content order."""
        raw = words(query)
        tokens = self._content(raw)
        if not tokens:
            chosen = self._entries if limit is None else self._entries[:limit]
            return [Hit(entry, 100.0, None, i) for i, entry in enumerate(chosen)]
        sums, total_weight, results = self._score(tokens, raw)
        ranked = self._rank(sums, total_weight, limit, MIN_SCORE)
        return [self._hit(i, score, results) for i, score in ranked]

    def answer(self, query: str, n: int = 3) -> Answer:
        """What to show for ``query``: the ``n`` closest entries, best first, and whether the
        first fits it. It never comes back empty while the FAQ has entries.

        The first fits when it matches (:data:`MIN_SCORE`), covers at least :data:`FITS` of
        the query by rarity, covers at least one word that says what the question is about,
        and the query has no word the FAQ never uses: "chest pain", "my period" or "hand
        luggage" find the closest entries, which a person is then told may not fit.
        """
        entry = self.get(query.strip())  # an exact id, as in a faq: link
        if entry is not None:
            return Answer((entry,), True)
        raw = words(query)
        tokens = self._content(raw)
        if not tokens or not self._entries:
            return Answer(tuple(self.nearest(query, n)), False)
        sums, total_weight, results = self._score(tokens, raw)
        ranked = self._rank(sums, total_weight, n, 1.0)
        unknown = tuple(
            token
            for token, result in zip(tokens, results, strict=True)
            if not result.words and not token.isdigit()
        )
        fits = bool(ranked) and ranked[0][1] >= MIN_SCORE and not unknown
        fits = fits and self._covers(ranked[0][0], tokens, results)
        chosen = [i for i, _ in ranked]
        if len(chosen) < n:
            for other in self.nearest(query, n):
                position = self._position[other.id]
                if position not in chosen:
                    chosen.append(position)
        return Answer(tuple(self._entries[i] for i in chosen[:n]), fits, unknown)

    def _covers(self, i: int, tokens: Sequence[str], results: Sequence[_TokenResult]) -> bool:
        """Whether entry ``i`` covers the query: :data:`FITS` of its words by rarity (a general
        word or a number counts little), one of them a word of the topic."""
        covered = total = 0.0
        topic = False
        for token, result in zip(tokens, results, strict=True):
            weight = result.weight if token.isdigit() else result.rarity
            share = min(result.best.get(i, 0.0), _EXACT) / _EXACT
            total += weight
            covered += weight * share
            topic = topic or (not result.light and share >= _FITS_WORD)
        return topic and total > 0 and covered / total >= FITS

    def nearest(self, query: str, n: int = 3) -> list[FaqEntry]:
        """The ``n`` entries closest to ``query`` even when nothing matches: for "did you mean"."""
        if n <= 0 or not self._entries:
            return []
        raw = words(query)
        tokens = self._content(raw)
        chosen: list[int] = []
        if tokens:
            sums, total_weight, _ = self._score(tokens, raw)
            chosen = [i for i, _ in self._rank(sums, total_weight, n, 1.0)]
        if len(chosen) < n:
            # Nothing shares a word: fall back to whole-string similarity of question and tags.
            folded = " ".join(tokens)
            matches = process.extract(
                folded, self._nearest_choices, scorer=fuzz.WRatio, limit=n + len(chosen)
            )
            for _, _, i in sorted(matches, key=lambda match: (-match[1], match[2])):
                if i not in chosen:
                    chosen.append(i)
        return [self._entries[i] for i in chosen[:n]]

    def related(self, entry: FaqEntry, limit: int = 6) -> list[FaqEntry]:
        """Entries to read next: its see_also, then those its answer links to, then by shared tags.

        Never the entry itself; ids that name no entry are skipped.
        """
        chosen: dict[int, None] = {}
        own = self._position.get(entry.id)
        for entry_id in [*entry.see_also, *FAQ_LINK.findall(entry.answer)]:
            position = self._position.get(entry_id)
            if position is not None and position != own:
                chosen.setdefault(position)
        shared: Counter[int] = Counter()
        for tag in dict.fromkeys(fold(tag) for tag in entry.tags):
            shared.update(self._by_tag.get(tag, ()))
        for position, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
            if position != own:
                chosen.setdefault(position)
        return [self._entries[i] for i in list(chosen)[:limit]]

    # --- scoring ------------------------------------------------------------------------------

    def _score(
        self, tokens: list[str], raw: list[str]
    ) -> tuple[dict[int, float], float, list[_TokenResult]]:
        """Every entry any word touches -> its weighted score sum, and the sum of the weights.

        An entry's score is the sum divided by the weights: the rarity-weighted mean of its words.
        """
        sums, total_weight = self._sums(tuple(tokens))
        whole = self._whole.get(tuple(tokens), ())
        phrase = " " + " ".join(tokens) + " "
        partial = " " + " ".join(tokens)  # the last word may be half typed
        # Only the leading entries can be lifted to the top: test those, not all 10,000.
        # An entry too far below the threshold for every bonus together to lift it is skipped.
        floor = (MIN_SCORE - _MAX_BONUS) * total_weight
        near = [(i, value) for i, value in sums.items() if value >= floor]
        leading = heapq.nlargest(_PHRASE_CANDIDATES, near, key=itemgetter(1))
        results = [self._token(token) for token in tokens]
        bonuses: dict[int, float] = {}
        for i in whole:
            if i in sums:
                bonuses[i] = _WHOLE_PHRASE_BONUS
        for i in self._verbatim.get(tuple(raw), ()):
            if i in sums:
                bonuses[i] = bonuses.get(i, 0.0) + _VERBATIM_BONUS
        for i, _ in leading:
            bonus = bonuses.get(i, 0.0)
            if len(tokens) > 1 and i not in whole:
                # The query inside a phrase ("next size" in "the next size up"), or a phrase
                # of two words or more inside the query ("stretched out" in "stretched out
                # for good").
                for span in self._spans[i]:
                    if (
                        phrase in span
                        or partial in span
                        or (span.count(" ") > 2 and span in phrase)
                    ):
                        bonus += _PHRASE_BONUS
                        break
            size = self._question_sizes[i]
            if size:
                matched = sum(1 for result in results if i in result.fields[_QUESTION])
                bonus += _COVERAGE_BONUS * min(matched, size) / size
            if bonus:
                bonuses[i] = bonus
        # What a question or one of its phrasings asks, the query asks all of: "bleeding" is a
        # phrase of "What if I see blood?", while "bleeding after sex" asks about sex as well.
        matched_words = frozenset().union(*(result.words for result in results))
        for i, _ in leading[:_SPAN_CANDIDATES]:
            covered = self._span_coverage(i, matched_words)
            if covered:
                bonuses[i] = bonuses.get(i, 0.0) + _SPAN_BONUS * covered
        if bonuses:
            sums = sums.copy()
            for i, bonus in bonuses.items():
                sums[i] += bonus * total_weight
        return sums, total_weight, results

    def _span_coverage(self, i: int, matched: frozenset[str]) -> float:
        """The best share, weighted by rarity, of a question's or phrase's words matched."""
        best = 0.0
        for span in self._span_words[i]:
            if not span & matched:
                continue
            weights = [self._rarity[word] for word in span]
            got = sum(w for word, w in zip(span, weights, strict=True) if word in matched)
            best = max(best, got / sum(weights))
        return best

    def _sums(self, tokens: tuple[str, ...]) -> tuple[dict[int, float], float]:
        """Entry -> sum over the words of weight * score, and the sum of the weights.

        Cached by the words so far: typing only ever adds or changes the last word, so a
        keystroke costs one word's matches, however long the query. A loop, not recursion:
        a pasted page of text is as many steps as it has words, never a deep call stack.
        """
        cached = self._sums_cache.get(tokens)
        if cached is not None:
            return cached
        done = len(tokens) - 1  # the longest prefix already summed
        while done > 0 and tokens[:done] not in self._sums_cache:
            done -= 1
        if done:
            before, total = self._sums_cache[tokens[:done]]
            sums = before.copy()
        else:
            sums, total = {}, 0.0
        get = sums.get
        for position in range(done, len(tokens)):
            result = self._token(tokens[position])
            weight = result.weight
            for i, score in result.best.items():
                sums[i] = get(i, 0.0) + score * weight
            total += weight
            # The prefix the next keystroke builds on is the query less its last word.
            if position == len(tokens) - 2:
                self._remember(tokens[: position + 1], dict(sums), total)
        self._remember(tokens, sums, total)
        return sums, total

    def _remember(self, tokens: tuple[str, ...], sums: dict[int, float], total: float) -> None:
        if len(self._sums_cache) >= _TOKEN_CACHE_SIZE:
            self._sums_cache.clear()
        self._sums_cache[tokens] = (sums, total)

    def _rank(
        self, sums: dict[int, float], total_weight: float, limit: int | None, minimum: float
    ) -> list[tuple[int, float]]:
        """The best entries as (position, score), scores from :meth:`_score`'s weighted sums."""
        threshold = minimum * total_weight  # compare sums, not scores: no division per entry
        # Ties keep content order (hence -i), so authors control what comes first among equals.
        candidates = [(value, -i) for i, value in sums.items() if value >= threshold]
        if limit is None or limit >= len(candidates):
            candidates.sort(reverse=True)
        else:
            candidates = heapq.nlargest(limit, candidates)
        return [(-negative, value / total_weight) for value, negative in candidates]

    def _hit(self, i: int, score: float, results: list[_TokenResult]) -> Hit:
        by_field = [0.0] * _FIELDS
        for result in results:
            for field, scores in enumerate(result.fields):
                by_field[field] += result.weight * _WEIGHTS[field] * scores.get(i, 0.0)
        field = max(range(_FIELDS), key=lambda f: (by_field[f], -f))
        return Hit(self._entries[i], round(score, 2), _FIELD_NAMES[field], i)

    def _token(self, token: str) -> _TokenResult:
        cached = self._token_cache.get(token)
        if cached is None:
            if len(self._token_cache) >= _TOKEN_CACHE_SIZE:
                self._token_cache.clear()
            cached = self._token_cache[token] = self._compute_token(token)
        return cached

    def _compute_token(self, token: str) -> _TokenResult:
        # The first letter or two of a word being typed ("s", "se") begin thousands of words:
        # as a start of a word they are matched in questions, phrases and tags only. In answers
        # they would match nearly everything, and slowly (the worst keystrokes at 10,000
        # entries). A whole word of one or two letters is still found everywhere.
        short = len(token) <= _SHORT_PREFIX
        fields: tuple[dict[int, float], ...] = tuple({} for _ in range(_FIELDS))
        weighted: list[tuple[float, tuple[int, ...]]] = []
        # Ascending order: dict.update keeps the last value, so each entry ends with its best.
        scores = self._word_scores(token)
        for word, score in sorted(scores.items(), key=itemgetter(1)):
            slot = self._postings[word]
            for field in _TITLE_FIELDS if short and word != token else _ALL_FIELDS:
                entries = slot[field]
                if entries:
                    fields[field].update(zip(entries, repeat(score)))
                    weighted.append((score * _WEIGHTS[field], entries))
        best: dict[int, float] = {}
        weighted.sort(key=itemgetter(0))
        for score, entries in weighted:
            best.update(zip(entries, repeat(score)))
        # The question and its phrases are one place to be found: an entry with many phrases
        # must not outrank a plainer one only by saying the same word twice.
        breadth: Counter[int] = Counter(fields[_QUESTION].keys() | fields[_PHRASES].keys())
        for field in (_TAGS, _LEAD, _ANSWER):
            breadth.update(fields[field].keys())
        for i, count in breadth.items():
            if count > 1:
                best[i] += _BREADTH_BONUS * (count - 1)
        count = len(self._entries) or 1
        # A word that matches nothing weighs like one that matches everything.
        matched = len(best) or count
        weight = math.log1p(count / matched)
        light = token.isdigit() or not (fields[_QUESTION] or fields[_PHRASES] or fields[_TAGS])
        if light:
            # Rare in a small FAQ is not rare in the language: "anyway" or "4" found in one
            # answer must not outweigh the words that say what the question is about.
            weight *= _LIGHT
        close = frozenset(word for word, score in scores.items() if score >= _SPAN_MATCH)
        return _TokenResult(best, fields, weight, close, math.log1p(count / matched), light)

    def _word_scores(self, token: str) -> dict[str, float]:
        """Vocabulary words close to ``token`` -> how close (0-100)."""
        scores: dict[str, float] = {}
        if token in self._vocabulary_set:
            scores[token] = _EXACT
        if self._stem is not None:
            for word in self._stems.get(self._stem(token), ()):
                scores.setdefault(word, _STEM)
        vocabulary = self._vocabulary
        start = bisect.bisect_right(vocabulary, token)
        for position in range(start, len(vocabulary)):
            word = vocabulary[position]
            if not word.startswith(token):
                break
            scores[word] = _PREFIX_BASE + _PREFIX_SPAN * len(token) / len(word)
        # A longer word built on a known one: "haemorrhoidectomy" on "haemorrhoid",
        # "sphincterotomy" on "sphincter" (stems only cut endings they know).
        for length in range(_BUILT_ON_MIN, len(token) - 1):
            word = token[:length]
            if word in self._vocabulary_set:
                scores.setdefault(word, _PREFIX_BASE + _PREFIX_SPAN * length / len(token))
        if len(token) < _FUZZY_MIN_LENGTH:
            return scores
        cutoff = 85.0 if len(token) == _FUZZY_MIN_LENGTH else 80.0
        for word, similarity, _ in process.extract(
            token, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            score = similarity * _FUZZY_FACTOR
            if score > scores.get(word, 0.0):
                scores[word] = score
        cut = self._prefixes.get(len(token))
        if cut is not None:
            keys, words_by_key = cut
            for key, similarity, _ in process.extract(
                token, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                score = similarity * _FUZZY_PREFIX_FACTOR
                for word in words_by_key[key]:
                    if score > scores.get(word, 0.0):
                        scores[word] = score
        return scores
