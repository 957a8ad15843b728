"""The key bar at the foot of every screen: Textual's Footer, in coach's order, never cut.

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

from rich.cells import cell_len
from textual import events
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

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


class BarKey(Widget):
    """One key of the bar: the key and what it does; a click presses it.

    Textual's own key widget is private to its Footer; this one draws the same way, with the
    footer's colours, and knows its width before it is laid out (:attr:`cells`)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"bar-key--key", "bar-key--description"}
    DEFAULT_CSS = """
    BarKey {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .bar-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .bar-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
        &.-compact {
            margin-right: 1;
        }
    }
    """

    compact = reactive(False, toggle_class="-compact", layout=True)
    """Without the padding around the key (a narrow terminal)."""

    def __init__(self, face: KeyFace) -> None:
        super().__init__()
        self.show(face)

    def show(self, face: KeyFace) -> None:
        """What it says and whether it applies now (drawn again)."""
        self.face = face
        self.set_class(not face.enabled, "-disabled")
        self.tooltip = face.tooltip or None
        self.refresh(layout=True)

    @property
    def key(self) -> str:
        return self.face.key

    @property
    def key_display(self) -> str:
        return self.face.display

    @property
    def description(self) -> str:
        return self.face.description

    @property
    def off(self) -> bool:
        """Shown greyed: it does not apply now. (Not ``disabled``: a disabled widget takes no
        clicks, and this one rings.)"""
        return not self.face.enabled

    def _parts(self) -> tuple[str, str]:
        if self.compact:
            return self.key_display, f" {self.description}" if self.description else ""
        return f" {self.key_display} ", f"{self.description} " if self.description else ""

    @property
    def cells(self) -> int:
        """The columns it takes in the bar, the gap after it included."""
        key, description = self._parts()
        return cell_len(key) + cell_len(description) + (1 if self.compact else 0)

    def render(self) -> Content:
        key, description = self._parts()
        return Content.assemble(
            (key, self.get_visual_style("bar-key--key")),
            (description, self.get_visual_style("bar-key--description")),
        )

    def on_click(self) -> None:
        if self.off:
            self.app.bell()
        else:
            self.app.simulate_key(self.key)


class KeyBar(Footer):
    """Textual's Footer with coach's order and no key cut in half."""

    def __init__(
        self, *, first: Sequence[str] = (), show_command_palette: bool = True, **kwargs: object
    ) -> None:
        """``first``: the screen's main keys (as bound, e.g. ``"enter"``, ``"space"``), shown
        right after the safety key, in this order."""
        super().__init__(show_command_palette=show_command_palette, **kwargs)  # type: ignore[arg-type]
        self.first = tuple(first)

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
        # Textual's Footer rebuilds every key whenever the screen's bindings are refreshed,
        # which is after every focus change and key press, mostly with nothing changed; each
        # rebuild mounts and styles the keys afresh. Here nothing is done when nothing
        # changed, the keys shown are updated in place when only their words or state did
        # ("Pause" becomes "Resume"), and the bar is rebuilt only when other keys apply.
        if not (self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        faces = self.faces()
        keys = list(self.query_children(BarKey))
        if [key.face for key in keys] == faces:
            return
        if [key.key for key in keys] == [face.key for face in faces]:
            for key, face in zip(keys, faces, strict=True):
                key.show(face)
            self._fit(keys)
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        keys = [BarKey(face) for face in self.faces()]
        for key in keys:
            key.compact = self.compact
        self._fit(keys)
        yield from keys

    def watch_compact(self, compact: bool) -> None:
        keys = list(self.query_children(BarKey))
        for key in keys:
            key.compact = compact
        self._fit(keys)

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
        self._fit(list(self.query_children(BarKey)))

    def _fit(self, keys: list[BarKey]) -> None:
        """Show the keys that fit whole, in order; leave the rest out (``?`` lists them)."""
        width = self.size.width
        count = fitting([key.cells for key in keys], width) if width else len(keys)
        for index, key in enumerate(keys):
            key.display = index < count


__all__ = ["BarKey", "KeyBar", "KeyFace", "Shown", "fitting", "ordered"]
