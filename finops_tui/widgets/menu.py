"""The drop-down the screens choose a dimension or a filter with."""

from __future__ import annotations

from typing import Any

from textual.widgets import Select


class Menu(Select[str]):
    """A ``Select`` that does not search as the user types.

    Textual's menus take printable keys as a search while open, so ``R`` (redaction, for
    screen-sharing) did nothing with a group-by or filter menu open and ids stayed on screen. The
    menus here hold a dozen choices at most: arrows reach them all.
    """

    def __init__(self, options: Any, **kwargs: Any) -> None:
        kwargs.setdefault("type_to_search", False)
        super().__init__(options, **kwargs)
