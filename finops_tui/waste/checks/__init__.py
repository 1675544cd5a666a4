"""One module per waste check (each defines ``CHECK``), plus its ``.sql`` for billing-only checks."""
