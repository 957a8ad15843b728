"""One session, run: the engine, the journal and the cues joined behind every front end
(:mod:`coach.session.run`), the check-in form both front ends ask (:mod:`coach.session.checkin`),
and the ending when the terminal goes away (:mod:`coach.session.hangup`). Textual-free."""
