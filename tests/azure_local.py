"""Local Azure endpoints for tests: Azurite (the official Blob emulator) and a fake ARM Query API server.

Azurite is installed into ``.azurite/`` by ``make test``. Tests skip only when ``node`` itself is
missing; with node present and Azurite absent they fail, so CI cannot silently skip them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
AZURITE = ROOT / ".azurite" / "node_modules" / ".bin" / "azurite-blob"
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def start_azurite(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start Azurite's Blob service on 127.0.0.1 (free port); return it and its connection string."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not AZURITE.exists():
        pytest.fail(f"Azurite missing at {AZURITE}: run `make test` (it installs azurite into .azurite/)")
    log = workdir / "azurite.log"
    proc = subprocess.Popen(
        [
            str(AZURITE),
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            "0",
            "--location",
            str(workdir),
            "--disableTelemetry",
            "--skipApiVersionCheck",
            "--silent",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"listens on http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            conn = (
                "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                f"AccountKey={DEV_KEY};BlobEndpoint=http://127.0.0.1:{found[1]}/devstoreaccount1;"
            )
            return proc, conn
        time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(log.read_text())


def query_row(cost: str, day: int, resource: str, service: str) -> tuple[str, int, str, str]:
    """One daily cost record (cost as text so sums in tests stay exact)."""
    return (cost, day, resource, service)


class FakeArm(BaseHTTPRequestHandler):
    """Cost Management Query API in the real JSON shape, with paging, throttling and errors."""

    protocol_version = "HTTP/1.1"
    data: ClassVar[dict[tuple[str, str], list[tuple[str, int, str, str]]]] = {}
    """(scope lower-case, ActualCost|AmortizedCost) → daily records."""
    tags: ClassVar[dict[str, dict[str, str]]] = {}
    """tag key → resource id → value."""
    errors: ClassVar[dict[Any, tuple[int, str, str]]] = {}
    """scope lower-case, or (scope, "budgets"|"alerts") → (status, code, message)."""
    extras: ClassVar[dict[tuple[str, str], list[Any]]] = {}
    """(scope lower-case, "budgets"|"alerts"|"forecast"|"disks"|"publicipaddresses") → the listed items."""
    page_size = 3
    throttle_next = 0
    log: ClassVar[list[tuple[str, int, dict[str, Any]]]] = []

    def _send(self, status: int, body: Any, headers: tuple[tuple[str, str], ...] = ()) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        for key, value in (
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(data))),
            *headers,
        ):
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: str, message: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        FakeArm.log[-1] = (*FakeArm.log[-1][:1], status, FakeArm.log[-1][2])
        self._send(status, {"error": {"code": code, "message": message}}, headers)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        FakeArm.log.append((self.path, 200, {}))
        if not (self.headers.get("Authorization") or "").startswith("Bearer "):
            return self._error(401, "AuthenticationFailed", "no bearer token")
        found = re.match(
            r"^/(.+)/providers/Microsoft\.(?:CostManagement|Compute|Network)/"
            r"(budgets|alerts|disks|publicIPAddresses)$",
            url.path,
            re.IGNORECASE,
        )
        if not found or "api-version" not in parse_qs(url.query):
            return self._error(404, "NotFound", url.path)
        key = (found[1].lower(), found[2].lower())
        if key in FakeArm.errors:
            return self._error(*FakeArm.errors[key])
        items = FakeArm.extras.get(key, [])
        page = int(parse_qs(url.query).get("$skiptoken", ["0"])[0])
        more = (page + 1) * FakeArm.page_size < len(items)
        body: dict[str, Any] = {"value": items[page * FakeArm.page_size : (page + 1) * FakeArm.page_size]}
        if more:
            query = url.query.split("&$skiptoken")[0]
            body["nextLink"] = f"http://{self.headers['Host']}{url.path}?{query}&$skiptoken={page + 1}"
        self._send(200, body)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        FakeArm.log.append((self.path, 200, body))
        if not (self.headers.get("Authorization") or "").startswith("Bearer "):
            return self._error(401, "AuthenticationFailed", "no bearer token")
        if FakeArm.throttle_next:
            FakeArm.throttle_next -= 1
            return self._error(429, "429", "Too many requests. Please retry.", (("Retry-After", "1"),))
        forecast = re.match(r"^/(.+)/providers/Microsoft\.CostManagement/forecast$", url.path, re.IGNORECASE)
        if forecast:
            columns = [
                {"name": "Cost", "type": "Number"},
                {"name": "UsageDate", "type": "Number"},
                {"name": "CostStatus", "type": "String"},
                {"name": "Currency", "type": "String"},
            ]
            rows = FakeArm.extras.get((forecast[1].lower(), "forecast"), [])
            return self._send(
                200,
                {
                    "id": "f1",
                    "name": "f1",
                    "type": "Microsoft.CostManagement/query",
                    "properties": {"nextLink": None, "columns": columns, "rows": rows},
                },
            )
        found = re.match(r"^/(.+)/providers/Microsoft\.CostManagement/query$", url.path, re.IGNORECASE)
        if not found or "api-version" not in params:
            return self._error(404, "NotFound", url.path)
        scope = found[1].lower()
        if scope in FakeArm.errors:
            status, code, message = FakeArm.errors[scope]
            return self._error(status, code, message)
        dataset = body.get("dataset") or {}
        grouping = dataset.get("grouping") or []
        if len(grouping) > 2:
            return self._error(400, "BadRequest", "Invalid query definition: at most 2 groupings are allowed")
        if body.get("timeframe") != "Custom" or body.get("type") not in ("ActualCost", "AmortizedCost"):
            return self._error(
                400, "BadRequest", f"unsupported query {body.get('type')} {body.get('timeframe')}"
            )
        start = int(body["timePeriod"]["from"][:10].replace("-", ""))
        end = int(body["timePeriod"]["to"][:10].replace("-", ""))
        if end // 100 != start // 100:
            return self._error(400, "BadRequest", "the time period must stay within one month in this fake")
        records = [r for r in FakeArm.data.get((scope, body["type"]), []) if start <= r[1] <= end]
        tag_key = next((g["name"] for g in grouping if g.get("type") == "TagKey"), None)
        if tag_key is not None:
            columns = ["Cost", "ResourceId", "TagKey", "TagValue", "Currency"]
            values = FakeArm.tags.get(tag_key, {})
            sums: dict[str, float] = {}
            for cost, _day, resource, _service in records:
                sums[resource] = sums.get(resource, 0.0) + float(cost)
            rows: list[list[Any]] = [
                [c, r, tag_key, values.get(r, ""), "USD"] for r, c in sorted(sums.items())
            ]
        else:
            columns = ["Cost", "UsageDate", "ResourceId", "ServiceName", "Currency"]
            rows = [[float(c), day, resource, service, "USD"] for c, day, resource, service in records]
        page = int(params.get("$skiptoken", ["0"])[0])
        chunk = rows[page * FakeArm.page_size : (page + 1) * FakeArm.page_size]
        more = (page + 1) * FakeArm.page_size < len(rows)
        next_link = (
            f"http://{self.headers['Host']}{url.path}?api-version={params['api-version'][0]}"
            f"&$skiptoken={page + 1}"
            if more
            else None
        )
        self._send(
            200,
            {
                "id": f"{found[1]}/providers/Microsoft.CostManagement/query/q1",
                "name": "q1",
                "type": "Microsoft.CostManagement/query",
                "properties": {
                    "nextLink": next_link,
                    "columns": [
                        {"name": n, "type": "Number" if n in ("Cost", "UsageDate") else "String"}
                        for n in columns
                    ],
                    "rows": chunk,
                },
            },
        )

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def start_fake_arm() -> tuple[ThreadingHTTPServer, str]:
    """The fake ARM server on a free loopback port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeArm)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
