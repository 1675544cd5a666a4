"""A loopback Athena for the sync tests: queued answers, Athena's paging, its statistics and failures.

moto 5.2's Athena (``/moto-api/static/athena/query-results``) only speaks Athena's JSON-1.1
protocol, while the botocore this project installs calls Athena as REST-JSON
(``POST /query-executions``, ``GET /query-executions/{id}``, ``GET /query-executions/{id}/results``);
moto answers those paths 404. So this stub plays Athena for the three calls the sync makes, in
either protocol, the way the service behaves: a query is RUNNING on the first status check and
SUCCEEDED (or FAILED with a reason) on the next, a SELECT's answer starts with a header row of
column names and comes ``MaxResults`` rows a page with ``NextToken``, and the statistics report the
bytes scanned. Glue and S3 stay on moto. The sync finds the stub through ``AWS_ENDPOINT_URL_ATHENA``.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

TARGET = "AmazonAthena."


class AthenaStub(BaseHTTPRequestHandler):
    """Answers StartQueryExecution, GetQueryExecution and GetQueryResults from queued answers."""

    protocol_version = "HTTP/1.1"
    queued: ClassVar[list[list[dict[str, Any]]]] = []
    """Answers (rows in Athena's ``{"Data": [...]}`` form, header first) for the next queries."""
    executions: ClassVar[dict[str, dict[str, Any]]] = {}
    scanned: ClassVar[int] = 0
    fail_reason: ClassVar[str | None] = None
    calls: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    lock = threading.Lock()

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        query: dict[str, Any] = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if parts[:1] == ["query-executions"] and len(parts) == 2:
            self._answer("GetQueryExecution", {"QueryExecutionId": parts[1]})
        elif parts[:1] == ["query-executions"] and parts[2:] == ["results"]:
            self._answer("GetQueryResults", {**query, "QueryExecutionId": parts[1]})
        else:
            self._send(404, {"__type": "InvalidRequestException", "Message": f"no route GET {url.path}"})

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw or b"{}")
        op = self.headers.get("X-Amz-Target", "").removeprefix(TARGET)
        if not op and self.path.rstrip("/") == "/query-executions":
            op = "StartQueryExecution"
        self._answer(op, body)

    def _answer(self, op: str, body: dict[str, Any]) -> None:
        with AthenaStub.lock:
            AthenaStub.calls.append((op, dict(body)))
            handler = getattr(self, f"_{op}", None)
            if handler is None:
                self._send(400, {"__type": "InvalidRequestException", "Message": f"no stub for {op}"})
                return
            self._send(200, handler(body))

    def _StartQueryExecution(self, body: dict[str, Any]) -> dict[str, Any]:
        qid = f"q-{len(AthenaStub.executions) + 1:04d}"
        rows = AthenaStub.queued.pop(0) if AthenaStub.queued else []
        AthenaStub.executions[qid] = {"body": body, "rows": rows, "checks": 0}
        return {"QueryExecutionId": qid}

    def _GetQueryExecution(self, body: dict[str, Any]) -> dict[str, Any]:
        qid = body["QueryExecutionId"]
        ex = AthenaStub.executions[qid]
        ex["checks"] += 1
        status: dict[str, Any] = {"State": "RUNNING" if ex["checks"] == 1 else "SUCCEEDED"}
        if status["State"] == "SUCCEEDED" and AthenaStub.fail_reason is not None:
            status = {"State": "FAILED", "StateChangeReason": AthenaStub.fail_reason}
        return {
            "QueryExecution": {
                "QueryExecutionId": qid,
                "Query": ex["body"].get("QueryString", ""),
                "Status": status,
                "Statistics": {"DataScannedInBytes": AthenaStub.scanned},
            }
        }

    def _GetQueryResults(self, body: dict[str, Any]) -> dict[str, Any]:
        ex = AthenaStub.executions[body["QueryExecutionId"]]
        offset, size = int(body.get("NextToken", "0")), int(body.get("MaxResults", 1000))
        rows: list[dict[str, Any]] = ex["rows"]
        header = [d.get("VarCharValue") for d in rows[0]["Data"]] if rows else []
        out: dict[str, Any] = {
            "ResultSet": {
                "Rows": rows[offset : offset + size],
                "ResultSetMetadata": {
                    "ColumnInfo": [{"Name": c, "Label": c, "Type": "varchar"} for c in header]
                },
            }
        }
        if offset + size < len(rows):
            out["NextToken"] = str(offset + size)
        return out

    def _send(self, status: int, doc: dict[str, Any]) -> None:
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if status >= 400:
            self.send_header("X-Amzn-ErrorType", str(doc.get("__type", "")))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def start_stub() -> tuple[ThreadingHTTPServer, str]:
    """Start the stub; return it and its endpoint."""
    from tests.aws_local import serve_loopback

    return serve_loopback(AthenaStub)


def reset() -> None:
    """Forget answers, executions, calls, statistics and injected failures."""
    AthenaStub.queued.clear()
    AthenaStub.executions.clear()
    AthenaStub.calls.clear()
    AthenaStub.scanned = 0
    AthenaStub.fail_reason = None


def queue_result(columns: list[str], rows: list[list[str | None]]) -> None:
    """Queue the next query's answer: a header row of column names, then the rows (None = NULL)."""

    def data(values: list[str | None]) -> dict[str, Any]:
        return {"Data": [{} if v is None else {"VarCharValue": v} for v in values]}

    AthenaStub.queued.append([data(list(columns)), *(data(r) for r in rows)])
