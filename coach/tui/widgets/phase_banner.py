"""The phase of an intervals step as one clear word ("SQUEEZE", "RELAX"), coloured by its tone."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from coach.engine.view import PhaseView
from coach.tui.literal import literal, set_content

TONES = ("hold", "relax", "neutral")


class PhaseBanner(Static):
    """Shows a :class:`PhaseView`; hidden (``display: none``) when there is none."""

    DEFAULT_CSS = """
    PhaseBanner {
        width: auto;
        min-width: 16;
        height: auto;
        padding: 1 2;
        text-style: bold;
        text-align: center;
        background: $panel;
        display: none;
    }
    PhaseBanner.-shown { display: block; }
    PhaseBanner.-hold { background: $warning 60%; color: $text; }
    PhaseBanner.-relax { background: $success 40%; color: $text; }
    """

    phase: reactive[PhaseView | None] = reactive(None, always_update=True, repaint=False)
    """The phase to show; ``None`` hides the banner."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)  # the word is content: never markup
        super().__init__(**kwargs)

    def watch_phase(self, phase: PhaseView | None) -> None:
        self.set_class(phase is not None, "-shown")
        for tone in TONES:
            self.set_class(phase is not None and phase.tone == tone, f"-{tone}")
        if phase is None:
            set_content(self, Content(""))
            return
        # The word comes from the content: a Content object, so it is never read as markup.
        # "1 of 1" says nothing: a single round shows the word alone.
        word = literal(phase.name.upper(), "bold")
        if phase.repetitions > 1:
            word = Content.assemble(word, "\n", f"{phase.repetition} of {phase.repetitions}")
        set_content(self, word)
