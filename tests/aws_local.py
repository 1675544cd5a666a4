"""Local AWS stand-ins for the sync tests: a moto server and a JSON-1.1 stub for Cost Explorer extras.

Both listen on 127.0.0.1 with a free port, start once per pytest run and are reset per test. The stub
answers the Cost Explorer operations moto lacks (forecast, anomalies, coverage, utilisation) from
``AwsJsonStub.responses`` and forwards ``GetCostAndUsage`` to moto, whose results the tests queue
through ``/moto-api/static/ce/cost-and-usage-results``. The sync itself only sees the standard
``AWS_ENDPOINT_URL`` / ``AWS_ENDPOINT_URL_COST_EXPLORER`` variables, as a user would set them.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import threading
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import boto3
from botocore.config import Config

NO_RETRY = Config(retries={"max_attempts": 1})
CE = "AWSInsightsIndexService."


def start_moto() -> tuple[Any, str]:
    """Start moto's threaded server; return it and its endpoint."""
    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def post_json(url: str, doc: object) -> int:
    """POST JSON to ``url``; return the status."""
    req = urllib.request.Request(
        url, data=json.dumps(doc).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return int(resp.status)


class AwsJsonStub(BaseHTTPRequestHandler):
    """Answers AWS JSON 1.1 calls from ``responses``; forwards the rest of CE to ``forward_to``."""

    protocol_version = "HTTP/1.1"
    responses: ClassVar[dict[str, Any]] = {}
    """Target -> dict (always), list (one per call) or callable(body) -> (status, dict)."""
    calls: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    forward_to: ClassVar[str] = ""

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw or b"{}")
        target = self.headers.get("X-Amz-Target", "")
        AwsJsonStub.calls.append((target, body))
        spec = AwsJsonStub.responses.get(target)
        if spec is None and target == CE + "GetCostAndUsage" and AwsJsonStub.forward_to:
            return self._forward(raw)
        status, out = 200, {}
        if spec is None:
            status, out = 400, {"__type": "UnknownOperationException", "message": f"no stub for {target}"}
        elif callable(spec):
            status, out = spec(body)
        elif isinstance(spec, list):
            out = spec.pop(0)
        else:
            out = spec
        self._send(status, json.dumps(out).encode())

    def _forward(self, raw: bytes) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        req = urllib.request.Request(AwsJsonStub.forward_to + "/", data=raw, headers=headers, method="POST")
        with urllib.request.urlopen(req, timeout=10) as resp:
            self._send(resp.status, resp.read())

    def _send(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def serve_loopback(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``handler`` on a free 127.0.0.1 port in a daemon thread; return it and its endpoint."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def start_stub() -> tuple[ThreadingHTTPServer, str]:
    """Start the JSON-1.1 stub; return it and its endpoint."""
    return serve_loopback(AwsJsonStub)


def denied(message: str = "not allowed") -> Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]:
    """A stub response: AccessDeniedException."""
    return lambda _body: (400, {"__type": "AccessDeniedException", "Message": message})


def client(service: str, endpoint: str) -> Any:
    """A test-side boto3 client on the local endpoint (no retries)."""
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=NO_RETRY)


def put(s3: Any, bucket: str, key: str, body: bytes, *, gz: bool = False) -> None:
    """Upload one object (gzip-compressed when ``gz``)."""
    s3.put_object(Bucket=bucket, Key=key, Body=gzip.compress(body, mtime=0) if gz else body)


def ce_page(day: str, groups: list[tuple[str, str, str]], token: str | None = None) -> dict[str, Any]:
    """One GetCostAndUsage answer for ``day``: groups of (account, service, amount)."""
    end = f"{day[:8]}{int(day[8:]) + 1:02d}"
    return {
        "ResultsByTime": [
            {
                "TimePeriod": {"Start": day, "End": end},
                "Total": {},
                "Estimated": False,
                "Groups": [
                    {
                        "Keys": [acct, svc],
                        "Metrics": {
                            "UnblendedCost": {"Amount": amount, "Unit": "USD"},
                            "AmortizedCost": {"Amount": amount, "Unit": "USD"},
                        },
                    }
                    for acct, svc, amount in groups
                ],
            }
        ],
        "DimensionValueAttributes": [{"Value": "111122223333", "Attributes": {"description": "workloads"}}],
        **({"NextPageToken": token} if token else {}),
    }
