"""Reviewed: what vulture reports unused that is used, by a framework, by content or by the tests
through a public API. Each entry says why; anything else vulture reports is dead code.

Checked by tests/unit/test_dead_code.py (vulture, settings in pyproject.toml [tool.vulture]).
Framework conventions (Textual's on_/action_/watch_/compose/check_action, handlers decorated with
@on, pydantic validators, http.server's do_GET...) are ignored by name there, not listed here.
"""

from coach.cues.players import Player
from coach.engine import clock, view
from coach.journal import figures, resumable, store, writer
from coach.pack import model, schema
from coach.tui.widgets import answer_set

# The injected clock that is exact and instant: the tests and the snapshot apps run sessions on it.
clock.FakeClock
# Lets the cue tests wait for a tone to finish instead of sleeping.
Player.wait_idle
# Parts of the engine's view and the figures that no front end shows yet; the engine's and the
# figures' tests check them (the next cue and its time, the step's resistances, the first week).
view.NextCue.due_in
view.SessionView.step_resistances
view.SessionView.next_cue
figures.Figures.first_partial_from
# The writer's state: failed tries since the last success (its tests wait on it).
writer.Health.failures
# Every check-in saved for a session, through the same row seal as every reader: the row
# checksum, migration and plain-mode tests and bench/bench_bitflips.py read what was stored.
store.Journal.checkins
store.Journal.unreadable_checkins
# The resume question asked as one function: its tests; to be the one resume rule (issue 22
# item 3, another branch: the app and plain mode ask it their own way today).
resumable.ask_to_resume
# A content pack's kit sizes: validated and documented (docs/content.md), shown nowhere yet.
model.Level.length_cm
model.Level.girth_cm
model.Level.diameter_cm
# The schema files' names (content/schema/<role>.schema.json) that every content file's
# #:schema line gives: the schema tests check them by it.
schema.file_name
# Textual keeps RadioSet's pressed button privately; AnswerSet.clear steps around it (issue 22
# item 4, no Textual internals, is another branch's).
answer_set.AnswerSet._pressed_button
