"""Reviewed: what vulture reports unused that is used, by a framework, by content or by the tests
through a public API. Each entry says why; anything else vulture reports is dead code.

Checked by tests/unit/test_dead_code.py (vulture, settings in pyproject.toml [tool.vulture]).
Framework conventions (Textual's on_/action_/watch_/compose/check_action, handlers decorated with
@on, pydantic validators, http.server's do_GET...) are ignored by name there, not listed here.
"""

from coach.cues.players import Player
from coach.engine import clock, view
from coach.journal import figures, store, writer
from coach.outputs import report
from coach.pack import model, schema
from coach.system import safe_text
from coach.tui import crash

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
# A content pack's kit sizes: validated and documented (docs/content.md), shown nowhere yet.
model.Level.length_cm
model.Level.girth_cm
model.Level.diameter_cm
# The schema files' names (content/schema/<role>.schema.json) that every content file's
# #:schema line gives: the schema tests check them by it.
schema.file_name
# Each file's sign tags (issue 24): validated by the models, read by coach check's urgency
# cross-check (coach.pack.signs) from the parsed files, which know each tag's line.
model.PackInfo.signs
model.Rule.signs
model.Protocol.signs
model.FaqEntry.signs
model.Safety.signs

# The file protocol's other writer: a library that calls sys.stdout.writelines would otherwise
# reach the stream below through __getattr__, past the clean-up (issue 26).
safe_text.TerminalStream.writelines

# Textual prints a crash's traceback through the app's public error_console (no hook for an
# unhandled exception: Textualize/textual#2818); its file is a text stream, asked writable().
crash.LogsCrashes.error_console
crash.CrashLog.writable
# The whole report as one text: `coach report` streams iter_report, and the tests, the snapshot
# data and bench/bench_history.py read the text whole.
report.build_report
