"""Messages that cross screens (a widget's own messages live nested in the widget)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CacheRefreshed(Message):
    """The cache file was replaced (an import or the demo finished): screens reload."""


@dataclass
class FiltersChanged(Message):
    """The trends screen's filter path changed; the header shows ``text``."""

    text: str
