"""The keys of the screen below, in coach's words: ``?`` (or F1) from any screen.

Only coach's own keys are listed, each once: the screen's first, then the list or text the
focus is on, then the keys that work everywhere (F2, F9, the palette, quitting). Textual's own
bindings (copy selected text, focus next, scroll left, a widget's page keys) are left out; the
few a person needs, moving in a list or scrolling, are said once in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from coach.tui.literal import literal

NAMES = {
    "question_mark": "?",
    "comma": ",",
    "full_stop": ".",
    "slash": "/",
    "space": "Space",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Delete",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}

WIDGET_KEYS: dict[str, tuple[str, str]] = {
    # Textual's widgets whose keys a person needs, in one line each (by class name: a
    # subclass of one says the same).
    "OptionList": ("↑ ↓", "Move through the list"),
    "ListView": ("↑ ↓", "Move through the list"),
    "DataTable": ("↑ ↓", "Move through the list"),
    "RadioSet": ("↑ ↓", "Move between the answers"),
    "ScrollableContainer": ("↑ ↓ PgUp PgDn", "Scroll the text"),
}


@dataclass(frozen=True)
class Key:
    keys: str
    description: str
    enabled: bool = True


def key_name(key: str) -> str:
    """A key as people write it: ``Ctrl+Q``, ``F9``, ``Esc``, ``?``, ``p``."""
    *mods, last = key.split("+")
    name = NAMES.get(last, last.upper() if len(last) > 1 else last)
    if mods and len(name) == 1:
        name = name.upper()
    return "+".join([*(m.capitalize() for m in mods), name])


def _coach_bindings(node: DOMNode) -> set[tuple[str, str]]:
    """(action, description) of every binding coach's own classes declare for ``node``."""
    found: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("coach."):
            continue
        bindings: list[BindingType] = list(vars(cls).get("BINDINGS", ()))
        for binding in bindings:
            if isinstance(binding, Binding):
                found.add((binding.action, binding.description))
            elif len(binding) >= 3:
                found.add((binding[1], binding[2]))
    return found


def _declared(item: ActiveBinding) -> bool:
    return (item.binding.action, item.binding.description) in _coach_bindings(item.node)


def _words(binding: Binding) -> str:
    tooltip = (binding.tooltip or "").strip()
    if not tooltip or tooltip.lower() == binding.description.lower():
        return binding.description
    if tooltip[1:2].islower():  # "Log an activity" reads on as "log an activity"; "F2 ..." not
        tooltip = tooltip[0].lower() + tooltip[1:]
    return f"{binding.description} · {tooltip}"


def _level(node: DOMNode) -> int:
    return 0 if isinstance(node, Screen) else 2 if isinstance(node, App) else 1


def keys_for(app: App) -> list[Key]:
    """The keys of ``app``'s top screen, each once, in coach's words."""
    active = list(app.active_bindings.values())
    # A modal screen's bindings leave out the app's, yet its priority keys (F2, F9, ?) work
    # there all the same: list them too.
    bound = {item.binding.key for item in active}
    for binding in Binding.make_bindings(app.BINDINGS):
        if binding.priority and binding.key not in bound:
            _, name, parameters = parse(binding.action)
            state = app.check_action(name, parameters)
            if state is not False:
                active.append(ActiveBinding(app, binding, bool(state), binding.tooltip))
    # A key the focused widget takes first (Enter in home's list) still does what the
    # screen says it does: the screen's own line is listed for it.
    taken = {item.binding.key for item in active if _declared(item)}
    screen = app.screen
    for cls in type(screen).__mro__:
        if not cls.__module__.startswith("coach."):
            continue
        for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ())):
            if binding.key not in taken and binding.description:
                _, name, parameters = parse(binding.action)
                state = screen.check_action(name, parameters)
                if state is not False:
                    taken.add(binding.key)
                    active.append(ActiveBinding(screen, binding, bool(state), binding.tooltip))
    keys = _lines(active, app.focused)
    if app.use_command_palette:
        keys.append(Key("Ctrl+P", "Search everything: protocols, questions, screens"))
    return keys


def _lines(active: Iterable[ActiveBinding], focused: DOMNode | None) -> list[Key]:
    """One line per thing to do, each key once: coach's bindings among ``active`` (hidden
    ones too: they are what ``?`` is for), and one line for the list ``focused`` is."""
    mine: dict[int, set[tuple[str, str]]] = {}
    lines: dict[str, tuple[int, list[str], bool]] = {}  # description -> (level, keys, enabled)
    seen: set[str] = set()
    for item in active:
        binding = item.binding
        declared = mine.setdefault(id(item.node), _coach_bindings(item.node))
        if (binding.action, binding.description) not in declared or not binding.description:
            continue
        name = key_name(binding.key)
        if name in seen:
            continue  # each key once: the first found (the screen's) is what it does
        seen.add(name)
        words = _words(binding)
        level, keys, enabled = lines.get(words, (_level(item.node), [], False))
        lines[words] = (min(level, _level(item.node)), [*keys, name], enabled or item.enabled)
    found = [(level, Key(" ".join(k), words, on)) for words, (level, k, on) in lines.items()]
    if focused is not None:
        for cls in type(focused).__mro__:
            if cls.__module__.startswith("textual.") and cls.__name__ in WIDGET_KEYS:
                keys, words = WIDGET_KEYS[cls.__name__]
                found.append((1, Key(keys, words)))
                break
    found.sort(key=lambda pair: pair[0])  # stable: each level keeps its own order
    return [key for _, key in found]


class KeysScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    #keys-box {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    #keys-title { text-style: bold; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

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
