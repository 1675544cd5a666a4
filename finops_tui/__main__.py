"""``python -m finops_tui``."""

from __future__ import annotations

import sys

from finops_tui.cli import main

sys.exit(main())
