"""The project benchmark: every speed and memory figure beside a raw-DuckDB baseline, in one run.

Timings live here and not in tests: a test asserts what is right, a benchmark reports how fast it is
on the machine it runs on. Run ``python -m finops_tui.bench --help``.
"""
