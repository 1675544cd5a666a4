"""Azure SDK clients for the sync, with sovereign clouds, local endpoints and errors worded for users.

The management API uses ``DefaultAzureCredential`` (Azure CLI login, environment, managed identity), or
a bearer token the user already holds in ``FINOPS_TUI_AZURE_TOKEN`` (CI pipelines). An ``http://``
endpoint (a local test server) is allowed only on a loopback host, where the SDK's https-only bearer
check is lifted for that client.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from azure.core.credentials import AccessToken, TokenCredential
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
from azure.core.pipeline import PipelineRequest
from azure.core.pipeline.policies import BearerTokenCredentialPolicy

from finops_tui.errors import FinOpsError

TOKEN_ENV = "FINOPS_TUI_AZURE_TOKEN"
"""A pre-acquired ARM bearer token used instead of DefaultAzureCredential when set."""


@dataclass(frozen=True)
class Cloud:
    """Endpoints of one Azure cloud."""

    arm: str
    storage_suffix: str
    authority: str


CLOUDS = {
    "public": Cloud("https://management.azure.com", "core.windows.net", "login.microsoftonline.com"),
    "china": Cloud("https://management.chinacloudapi.cn", "core.chinacloudapi.cn", "login.chinacloudapi.cn"),
    "usgov": Cloud(
        "https://management.usgovcloudapi.net", "core.usgovcloudapi.net", "login.microsoftonline.us"
    ),
}


class StaticToken:
    """A ``TokenCredential`` returning a token obtained elsewhere (``az account get-access-token``)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        """The configured token, valid for the next hour as far as the SDK knows."""
        return AccessToken(self._token, int(time.time()) + 3600)


class _LoopbackBearerPolicy(BearerTokenCredentialPolicy):  # type: ignore[type-arg]
    """The stock bearer policy, allowed over http (used only for loopback endpoints)."""

    def on_request(self, request: PipelineRequest[Any]) -> None:
        request.context["enforce_https"] = False
        super().on_request(request)


def is_loopback_http(url: str) -> bool:
    """An ``http://`` URL on 127.x, ::1 or localhost."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "http" and (host.startswith("127.") or host in ("::1", "localhost"))


def arm_endpoint(cloud: str, override: str | None) -> str:
    """The ARM base URL for ``--cloud`` / ``--arm-endpoint``."""
    if cloud not in CLOUDS:
        raise FinOpsError(f"--cloud {cloud}: unknown cloud (expected {', '.join(CLOUDS)})")
    url = (override or CLOUDS[cloud].arm).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme != "https" and not is_loopback_http(url):
        raise FinOpsError(f"--arm-endpoint {url}: must be https:// (http only for a loopback test server)")
    return url


def credential(cloud: str, given: TokenCredential | None = None) -> TokenCredential:
    """``given``, else a static token from the environment, else ``DefaultAzureCredential``."""
    if given is not None:
        return given
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return StaticToken(token)
    from azure.identity import DefaultAzureCredential

    # without a credential it logs a 14-line WARNING (every method it tried) on stderr before our
    # one-line error, which already says what to do; keep its errors only
    logging.getLogger("azure.identity").setLevel(logging.ERROR)
    return DefaultAzureCredential(authority=CLOUDS[cloud].authority)


def cost_client(cred: TokenCredential, base_url: str, *, retries: int = 4) -> Any:
    """A ``CostManagementClient`` on ``base_url`` that honours ``Retry-After`` on 429/503."""
    from azure.mgmt.costmanagement import CostManagementClient

    scope = f"{CLOUDS['public'].arm}/.default" if is_loopback_http(base_url) else f"{base_url}/.default"
    kwargs: dict[str, Any] = {
        "retry_total": retries,
        "retry_backoff_factor": 1.0,
        "retry_backoff_max": 60,
        "credential_scopes": [scope],
    }
    if is_loopback_http(base_url):
        kwargs["authentication_policy"] = _LoopbackBearerPolicy(cred, scope)
    return CostManagementClient(cred, base_url, **kwargs)


def blob_service(
    *, account: str | None, connection_string: str | None, cloud: str, cred: TokenCredential | None
) -> Any:
    """A ``BlobServiceClient`` from a connection string, else the account name and a token."""
    from azure.storage.blob import BlobServiceClient

    if connection_string:
        try:
            return BlobServiceClient.from_connection_string(connection_string, retry_total=3)
        except ValueError as exc:
            raise FinOpsError(
                f"AZURE_STORAGE_CONNECTION_STRING: not a valid connection string ({exc})"
            ) from None
    if not account:
        raise FinOpsError(
            "--export needs --storage-account NAME (or AZURE_STORAGE_CONNECTION_STRING in the environment)"
        )
    url = f"https://{account}.blob.{CLOUDS[cloud].storage_suffix}"
    return BlobServiceClient(url, credential=credential(cloud, cred), retry_total=3)


def describe(exc: Exception, what: str, *, role: str) -> str:
    """One line saying what failed and what to do, for an Azure SDK exception."""
    if isinstance(exc, ClientAuthenticationError) and getattr(exc, "status_code", None) is None:
        return f"{what}: no Azure credential ({_first_line(exc)}); run `az login` or set AZURE_* variables"
    status = getattr(exc, "status_code", None)
    code = _error_code(exc)
    message = _first_line(exc)
    if "offer type" in message.lower() or code in ("UnsupportedOfferType", "SubscriptionTypeNotSupported"):
        return (
            f"{what}: the Cost Management Query API does not support this scope's offer type ({message}); "
            "query its EA enrollment or MCA billing account instead, or export costs to Blob storage"
        )
    if status == 401:
        return f"{what}: authentication failed ({code or message}); run `az login` again"
    if status == 403:
        return f"{what}: access denied ({code or message}); needs the {role} role (docs/azure-permissions.md)"
    if status == 404 or isinstance(exc, ResourceNotFoundError):
        return f"{what}: not found ({code or message}); check the name"
    if status == 429:
        return f"{what}: still throttled after retries (429); try again in a few minutes"
    if isinstance(exc, HttpResponseError):
        return f"{what}: Azure answered {status} {code}: {message}".rstrip(": ")
    return f"{what}: {type(exc).__name__}: {message}"


def _error_code(exc: Exception) -> str:
    code = getattr(exc, "error_code", None)
    if not code:
        error = getattr(exc, "error", None)
        code = getattr(error, "code", None)
    return str(code or "")


def _first_line(exc: Exception) -> str:
    error = getattr(exc, "error", None)
    text = str(getattr(error, "message", None) or getattr(exc, "message", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
