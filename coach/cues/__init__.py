"""Cues for a person who is not looking: tones, speech, a countdown and a hook (see
:mod:`coach.cues.listeners`). Textual-free."""
