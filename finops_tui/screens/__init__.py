"""Screens of the TUI (the only layer that imports Textual)."""
