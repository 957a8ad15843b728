"""Every key of the screen below, with what it does: ``?`` (or F1) from any screen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from coach.tui.literal import literal

# Keys Textual itself binds on most screens; listed once, at the end, in plain words.
_NAMES = {
    "question_mark": "?",
    "comma": ",",
    "space": "space",
    "escape": "esc",
    "enter": "enter",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
}


@dataclass(frozen=True)
class Key:
    keys: str
    description: str
    enabled: bool


def _shown(binding: Binding, key: str) -> str:
    if binding.key_display:
        return binding.key_display
    return _NAMES.get(key, key.replace("ctrl+", "ctrl-").replace("_", " "))


def keys_of(active: Iterable[ActiveBinding]) -> list[Key]:
    """One line per action: the keys that do it and what it does (hidden keys included)."""
    active = list(active)
    by_action: dict[tuple[str, str], list[str]] = {}
    enabled: dict[tuple[str, str], bool] = {}
    for item in active:
        binding = item.binding
        description = binding.description or binding.action.replace("_", " ")
        if binding.action in ("keys", "keys_key", "command_palette") or not binding.description:
            continue
        slot = (binding.action, description)
        shown = _shown(binding, binding.key)
        by_action.setdefault(slot, [])
        if shown not in by_action[slot]:
            by_action[slot].append(shown)
        enabled[slot] = enabled.get(slot, False) or item.enabled
    found = [Key(" ".join(k), d, enabled[(a, d)]) for (a, d), k in by_action.items()]
    # The screen's own keys (those in its footer) first, then the rest.
    # The screen's own keys first, then the app's (F2, F9, ?), then the focused widget's.
    rank: dict[str, int] = {}
    for item in active:
        level = 0 if isinstance(item.node, Screen) else 1 if isinstance(item.node, App) else 2
        description = item.binding.description
        rank[description] = min(rank.get(description, 2), level)
    found.sort(key=lambda key: rank.get(key.description, 1))
    found.append(Key("ctrl-p", "Commands (search everything)", True))
    found.append(Key("? f1", "These keys", True))
    return found


class KeysScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    #keys-box {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    #keys-title { text-style: bold; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc")]

    def __init__(self, keys: list[Key]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max((len(k.keys) for k in self.keys), default=4)
        lines = [
            f"{k.keys:<{width}}  {k.description}" + ("" if k.enabled else " (not now)")
            for k in self.keys
        ]
        with VerticalScroll(id="keys-box"):
            yield Static(literal("Keys on this screen"), id="keys-title")
            yield Static(literal("\n".join(lines)), id="keys-list")
        yield Footer()
