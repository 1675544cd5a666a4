"""The headless core never imports Textual (so the CLI, syncs and reports stay fast and testable)."""

from __future__ import annotations

import subprocess
import sys


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import finops_tui.sync, finops_tui.sync.importer, finops_tui.sync.writer, finops_tui.sync.demo\n"
        "import finops_tui.queries, finops_tui.cache, finops_tui.models, finops_tui.formatting\n"
        "import finops_tui.config, finops_tui.cli, finops_tui.cli_commands\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_headless_module_imports_textual() -> None:
    """Every module outside the TUI layer (screens, widgets, app, commands, messages), found on disk
    rather than listed (pkgutil's walk would import the TUI packages itself), so a new headless
    module is checked the day it lands."""
    code = (
        "import importlib, pathlib, sys\n"
        "import finops_tui\n"
        "root = pathlib.Path(finops_tui.__path__[0])\n"
        "tui = ('finops_tui.screens', 'finops_tui.widgets', 'finops_tui.app', 'finops_tui.commands',\n"
        "       'finops_tui.messages')\n"
        "paths = (p.relative_to(root.parent).with_suffix('') for p in root.rglob('*.py'))\n"
        "names = ['.'.join(p.parts).removesuffix('.__init__') for p in paths]\n"
        "names = [n for n in names if not n.startswith(tui) and not n.endswith('__main__')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names), sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, found = out.stdout.strip().split(" ", 1)
    assert int(count) > 150 and found == "[]"
