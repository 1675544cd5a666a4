"""Headless renderings of query results (CSV, JSON, Markdown) shared by the CLI and the TUI's exports."""
