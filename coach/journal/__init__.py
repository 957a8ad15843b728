"""The person's log: a private SQLite store (:mod:`coach.journal.store`), its one writer, its
files' owner, the programme's figures and the summary ``coach status`` reads.

No Textual, and nothing imported here: ``coach status`` reads two small modules of this package
(:mod:`coach.journal.status_summary`, :mod:`coach.journal.running`) without loading the store
and SQLite.
"""
