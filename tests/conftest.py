"""Shared fixtures: paths to the real samples, a scratch cache, and guards that keep tests local."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"


def dataset(relative: str) -> Path:
    """Path of a shared real billing sample; skips the test when ../shared is absent."""
    path = DATASETS / relative
    if not path.exists():
        pytest.skip(f"shared dataset {relative} not available")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A cache path in a fresh folder (the file does not exist yet)."""
    return tmp_path / "cache" / "cache.duckdb"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's real cache, config or cloud credentials."""
    monkeypatch.setenv("FINOPS_TUI_DB", str(tmp_path / "default-cache.duckdb"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AZURE_STORAGE_CONNECTION_STRING"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    inet = self.family in (socket.AF_INET, socket.AF_INET6)
    if inet and isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")):
        raise RuntimeError(f"test tried to reach non-loopback address {host!r}")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that opens a connection to a non-loopback address."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    yield


@pytest.fixture(scope="session")
def servers() -> Iterator[tuple[str, str]]:
    """The moto endpoint and the AWS JSON stub endpoint (tests/aws_local.py), started once per run."""
    from tests.aws_local import AwsJsonStub, start_moto, start_stub

    moto, moto_url = start_moto()
    stub, stub_url = start_stub()
    AwsJsonStub.forward_to = moto_url
    yield moto_url, stub_url
    stub.shutdown()
    moto.stop()


@pytest.fixture
def aws(servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Fresh moto state and stub answers; the sync finds both through the standard endpoint variables."""
    from tests.aws_local import AwsJsonStub

    moto_url, stub_url = servers
    urllib.request.urlopen(urllib.request.Request(moto_url + "/moto-api/reset", method="POST"), timeout=10)
    AwsJsonStub.responses.clear()
    AwsJsonStub.calls.clear()
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_COST_EXPLORER", stub_url)
    return moto_url
