"""The key bar at the foot of every screen: Textual's Footer's look, in coach's order, never cut.

Textual's Footer shows the keys in the order it finds them (the focused widget's, the screen's,
then the app's) and cuts the row at the right edge: at 80 columns a session's bar ended "f Qu",
at 60 the questions lost the pain key. Here the keys come in order of need, and a key that does
not fit whole is left out (``?`` lists every key):

1. the safety key: the first of p and F9 that works here (over a session, the pain stop);
2. the screen's main actions, in the order it names them: ``KeyBar(first=("enter",))``;
3. the keys list: ``?``, or F1 where ``?`` would be typed into a field;
4. the rest, in the screen's binding order; the command palette last.

Over a modal screen Textual's Footer leaves the app's keys out, though its priority keys (the
pain stop, the keys list) work there: they are shown too. Below ``COMPACT_BELOW`` columns the
keys lose their padding (Textual's compact footer).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.actions import parse
from textual.binding import Binding, BindingsMap
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style as VisualStyle
from textual.widget import Widget

SAFETY_KEYS = ("p", "f9")
"""The keys that stop for pain (or open the safety guidance), preferred in this order."""
HELP_KEYS = ("question_mark", "f1")
"""The keys that list every key, preferred in this order."""
COMPACT_BELOW = 100
"""Columns below which the keys lose their padding."""


@dataclass(frozen=True, slots=True)
class Shown:
    """A key the bar may show: the binding, whether it applies now, its tooltip."""

    binding: Binding
    enabled: bool
    tooltip: str = ""


@dataclass(frozen=True, slots=True)
class KeyFace:
    """What one key of the bar says: the key, as shown, what it does, whether it applies now,
    and its tooltip. Two equal faces draw the same."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str

    def parts(self, compact: bool) -> tuple[str, str]:
        """The key and its words as drawn (padded, as Textual's footer pads them)."""
        if compact:
            return self.display, f" {self.description}" if self.description else ""
        return f" {self.display} ", f"{self.description} " if self.description else ""

    def cells(self, compact: bool) -> int:
        """The columns it takes in the bar, the gap after it included."""
        key, description = self.parts(compact)
        return cell_len(key) + cell_len(description) + (1 if compact else 0)


def ordered(candidates: Iterable[Shown], first: Sequence[str] = ()) -> list[Shown]:
    """The keys in the bar's order (see the module's notes); one per action, hidden ones out.

    ``candidates`` come in the screen's binding order. A binding with ``show=False`` is left
    out, except as the safety or help key: ``p`` over a dialog, F1 where ``?`` is typed."""
    safety: list[Shown] = []
    helps: list[Shown] = []
    main: dict[str, Shown] = {}
    rest: list[Shown] = []
    for item in candidates:
        key = item.binding.key
        if key in SAFETY_KEYS:
            safety.append(item)
        elif key in HELP_KEYS:
            helps.append(item)
        elif not item.binding.show:
            continue
        elif key in first:
            main.setdefault(key, item)
        else:
            rest.append(item)
    found = [
        *_preferred(safety, SAFETY_KEYS),
        *(main[key] for key in first if key in main),
        *_preferred(helps, HELP_KEYS),
        *rest,
    ]
    once: dict[str, Shown] = {}
    for item in found:  # as Textual's Footer: an action shown once, under its first key
        once.setdefault(item.binding.action, item)
    return list(once.values())


def _preferred(items: list[Shown], keys: Sequence[str]) -> list[Shown]:
    """The first of ``keys`` that applies now (else the first there at all, greyed)."""
    items = [item for item in items if item.binding.show or item.enabled]
    items.sort(key=lambda item: keys.index(item.binding.key))
    usable = [item for item in items if item.enabled] or items
    return usable[:1]


def fitting(widths: Sequence[int], room: int) -> int:
    """How many keys, from the first, fit whole in ``room`` columns (the first always shows:
    cut, rather than no safety key at all)."""
    used = 0
    for count, width in enumerate(widths):
        used += width
        if used > room:
            return max(count, 1)
    return len(widths)


class KeyBar(Widget):
    """The bar: one widget that draws every key that fits (a widget per key, as Textual's
    Footer has, was ten more widgets to mount and style on every screen's first frame).

    It reads the screen's keys when it is mounted, so they are there at the first paint, and
    again whenever the screen's bindings are refreshed; it is drawn again only when what it
    shows changed. A click on a key presses it; one that does not apply now rings."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--item",
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--off",
    }
    # Textual's Footer and its keys' look, key by key: the same theme variables.
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        color: $footer-foreground;
        background: $footer-background;
        &:hover { pointer: pointer; }
        .key-bar--item { background: $footer-item-background; }
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .key-bar--off { text-style: dim; }
    }
    """

    hovered: reactive[int | None] = reactive(None)
    """The index of the key under the mouse pointer, if any."""

    def __init__(
        self,
        *,
        first: Sequence[str] = (),
        show_command_palette: bool = True,
    ) -> None:
        """``first``: the screen's main keys (as bound, e.g. ``"enter"``, ``"space"``), shown
        right after the safety key, in this order."""
        super().__init__()
        self.first = tuple(first)
        self.show_command_palette = show_command_palette
        self.keys: list[KeyFace] = []
        """Every key the bar would show, in its order (those that fit are drawn)."""
        self._pointer: int | None = None  # the mouse pointer's column, while it is over the bar

    def on_mount(self) -> None:
        self.keys = self.faces()
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def candidates(self) -> list[Shown]:
        """Every key of the screen now, and over a modal screen the app's priority keys."""
        active = self.screen.active_bindings
        found = [Shown(item.binding, item.enabled, item.tooltip) for item in active.values()]
        if self.screen.is_modal:
            app = self.app
            for key, bindings in BindingsMap(app.BINDINGS).key_to_bindings.items():
                if key in active:
                    continue
                for binding in bindings:
                    if not binding.priority:
                        continue
                    _, name, parameters = parse(binding.action)
                    state = app.check_action(name, parameters)
                    if state is not False:
                        found.append(Shown(binding, bool(state), binding.tooltip))
                        break
        return found

    def faces(self) -> list[KeyFace]:
        """What the bar is to show now, key by key."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        shown = ordered(
            (item for item in self.candidates() if item.binding.key != palette), self.first
        )
        active = self.screen.active_bindings.get(palette)
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and active is not None:
            shown.append(Shown(active.binding, active.enabled, active.tooltip))  # last
        return [
            KeyFace(
                item.binding.key,
                app.get_key_display(item.binding),
                item.binding.description,
                item.enabled,
                item.tooltip or item.binding.tooltip,
            )
            for item in shown
        ]

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Refreshed after every focus change and key press, mostly with nothing changed.
        if screen is self.screen and (faces := self.faces()) != self.keys:
            self.keys = faces
            self.refresh()
            self._point()

    @property
    def compact(self) -> bool:
        """Without the padding around each key (a narrow terminal)."""
        return self.size.width < COMPACT_BELOW

    @property
    def drawn(self) -> list[KeyFace]:
        """The keys that fit whole, in order (``?`` lists the rest). In a narrow bar each key's
        width counts the gap after it, which the last one drawn may leave off the edge."""
        compact = self.compact
        widths = [face.cells(compact) for face in self.keys]
        width = self.size.width
        room = width + 1 if compact else width
        return self.keys[: fitting(widths, room)] if width else list(self.keys)

    def key_at(self, x: int) -> int | None:
        """The index of the key drawn at column ``x``; ``None`` past the last key, and on the
        gap after a key (a click there must press nothing: beside the pain stop, in a session,
        it would record a stop for pain)."""
        compact = self.compact
        right = 0
        for index, face in enumerate(self.drawn):
            right += face.cells(compact)
            if x < right:
                return None if compact and x == right - 1 else index
        return None

    def render(self) -> Content:
        compact = self.compact
        parts: list[tuple[str, VisualStyle] | str] = []
        for index, face in enumerate(self.drawn):
            names = ["key-bar--item"]
            names += ["key-bar--off"] if not face.enabled else []
            names += ["key-bar--hover"] if index == self.hovered else []
            key, description = face.parts(compact)
            parts.append((key, self.get_visual_style(*names, "key-bar--key")))
            parts.append((description, self.get_visual_style(*names, "key-bar--description")))
            if compact:
                parts.append(" ")
        return Content.assemble(*parts)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._pointer = event.x
        self._point()

    def on_leave(self) -> None:
        self._pointer = None
        self._point()

    def on_resize(self) -> None:
        self._point()

    def _point(self) -> None:
        """The key under the mouse pointer, highlighted, with its tooltip: again whenever the
        pointer moves, the keys change or the bar's width does."""
        index = self.key_at(self._pointer) if self._pointer is not None else None
        self.hovered = index
        self.tooltip = (self.drawn[index].tooltip or None) if index is not None else None

    def on_click(self, event: events.Click) -> None:
        index = self.key_at(event.x)
        if index is None:
            return
        face = self.drawn[index]
        if face.enabled:
            self.app.simulate_key(face.key)
        else:
            self.app.bell()


__all__ = ["KeyBar", "KeyFace", "Shown", "fitting", "ordered"]
