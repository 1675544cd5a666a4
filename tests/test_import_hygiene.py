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
