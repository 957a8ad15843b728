"""The session engine: a state machine over a protocol's steps (:mod:`coach.engine.session`),
timed by an injected clock, announcing each change as an event; and the view every front end
draws. Pure Python: no Textual, no journal, no I/O, and at import time no pydantic."""
