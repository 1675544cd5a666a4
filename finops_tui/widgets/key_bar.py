"""``KeyBar``: the bottom line of key hints, drawn as one widget.

Textual's ``Footer`` builds one widget per key and rebuilds them all whenever the bindings change
(three times while the first screen opens); with this app's thirty-odd keys that was about 0.3 s of
a 1.3 s cold start. The hints are one line of text, so one widget draws them: the screen's active
bindings (remapped keys shown as remapped, disabled ones dimmed, one hint per action), quit and the
command palette kept at the right edge, a click on a hint presses its key and hovering one shows its
tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class KeyHint:
    """One key hint: what it shows, the key it presses and its tooltip."""

    display: str
    description: str
    key: str
    tooltip: str
    enabled: bool = True


@dataclass(frozen=True)
class DrawnHint:
    """A hint as last drawn: the cells it spans."""

    start: int
    end: int
    hint: KeyHint


def _width(hint: KeyHint) -> int:
    return len(f" {hint.display} {hint.description} ")


class KeyBar(Widget):
    """One line of the screen's active key bindings, the command palette key at the right."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._hints: tuple[KeyHint, ...] = ()
        self._tail: tuple[KeyHint, ...] = ()
        """Quit and the command palette, kept at the right edge."""
        self._drawn: tuple[DrawnHint, ...] = ()

    def on_mount(self) -> None:
        """Redraw whenever the screen's bindings change (focus moves, a screen action toggles)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())
        self.refresh_hints()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh_hints()

    def refresh_hints(self) -> None:
        """Collect the screen's active bindings and redraw."""
        active = dict(self.screen.active_bindings)
        palette = active.pop(self.app.COMMAND_PALETTE_BINDING, None)
        hints: list[KeyHint] = []
        tail: list[KeyHint] = []
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.action == "quit" and not tail:  # shown even though Textual hides it: users ask
                tail.append(self._hint(binding, enabled, tooltip))
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            hints.append(self._hint(binding, enabled, tooltip))
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, tooltip = palette
            tail.append(self._hint(binding, enabled, tooltip))
        self._hints, self._tail = tuple(hints), tuple(tail)
        self.refresh()

    def _hint(self, binding: Binding, enabled: bool, tooltip: str) -> KeyHint:
        return KeyHint(
            self.app.get_key_display(binding),
            binding.description,
            binding.key,
            tooltip or binding.tooltip or binding.description,
            enabled,
        )

    def _key_style(self) -> Style:
        """Bold in the theme's footer key colour (as Textual's own footer draws keys)."""
        try:
            color = Color.parse(self.app.theme_variables.get("footer-key-foreground", "")).rich_color
        except ColorParseError:
            return Style(bold=True)
        return Style(bold=True, color=color)

    def render(self) -> Text:
        """The hints that fit the width, left to right; quit and the palette at the right edge."""
        width = self.size.width
        key_style = self._key_style()
        tail = list(self._tail)
        while tail and sum(_width(h) for h in tail) > width:
            tail.pop(0)  # a very narrow terminal keeps the palette, then nothing
        tail_width = sum(_width(h) for h in tail)
        text = Text(no_wrap=True, end="")
        drawn: list[DrawnHint] = []
        for hint in self._hints:
            if text.cell_len + _width(hint) > width - tail_width:
                break
            self._append(text, hint, key_style, drawn)
        if tail:
            text.append(" " * (width - tail_width - text.cell_len))
            for hint in tail:
                self._append(text, hint, key_style, drawn)
        self._drawn = tuple(drawn)
        return text

    @staticmethod
    def _append(text: Text, hint: KeyHint, key_style: Style, drawn: list[DrawnHint]) -> None:
        start = text.cell_len
        text.append(f" {hint.display} ", key_style if hint.enabled else "dim")
        text.append(f"{hint.description} ", "" if hint.enabled else "dim")
        drawn.append(DrawnHint(start, text.cell_len, hint))

    @property
    def drawn(self) -> tuple[DrawnHint, ...]:
        """The hints as last drawn, with the cells each spans."""
        return self._drawn

    def _hint_at(self, x: int) -> KeyHint | None:
        return next((d.hint for d in self._drawn if d.start <= x < d.end), None)

    def on_click(self, event: events.Click) -> None:
        """A click on a hint presses its key."""
        hint = self._hint_at(event.x)
        if hint is not None and hint.enabled:
            event.stop()
            self.app.simulate_key(hint.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hovering a hint shows its tooltip."""
        hint = self._hint_at(event.x)
        self.tooltip = hint.tooltip if hint else None
