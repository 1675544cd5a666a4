"""The anomaly detector (headless: polars over DuckDB results, no Textual).

``detect.detect`` finds anomalies in the cache; ``store`` keeps the import-time result in the cache and
reads it back; ``triage`` keeps what people decide in the workspace. See ``band`` for the statistics,
``runs`` for the kinds and ``fold`` / ``explain`` for how one change becomes one explained line.
"""
