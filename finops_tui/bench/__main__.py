"""``python -m finops_tui.bench``: the whole benchmark (see ``suite``); same as ``finops-tui bench``."""

from __future__ import annotations

import sys

from finops_tui.bench.suite import build_parser, run

if __name__ == "__main__":
    sys.exit(run(build_parser().parse_args()))
