"""``queries.in_parallel``: questions asked side by side, and a failing one reported as itself."""

from __future__ import annotations

import duckdb
import pytest

from finops_tui.queries import in_parallel


def test_results_by_name() -> None:
    con = duckdb.connect()
    found = in_parallel(con, {"a": lambda c: c.execute("SELECT 1").fetchall(), "b": lambda c: 2})
    assert found == {"a": [(1,)], "b": 2}


def test_a_failing_question_raises_its_own_error_while_another_still_runs() -> None:
    """The failure must not be hidden by closing the cursor of a question still running ("connection
    is busy with another call" used to be what the user saw)."""
    con = duckdb.connect()
    jobs = {
        "bad": lambda c: c.execute("SELECT * FROM no_such_table"),
        "slow": lambda c: c.execute("SELECT sum(range) FROM range(30000000)").fetchall(),
    }
    with pytest.raises(duckdb.CatalogException, match="no_such_table"):
        in_parallel(con, jobs)
