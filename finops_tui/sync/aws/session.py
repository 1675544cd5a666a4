"""boto3 clients for the sync: one session, standard retries, a count of API calls, and warnings.

Clients come from boto3's default credential chain (``--profile`` or ``AWS_PROFILE``, SSO, environment,
instance roles) and its standard endpoint settings (``AWS_ENDPOINT_URL``, ``AWS_ENDPOINT_URL_S3`` …),
which is also how tests point the sync at local servers. Retries use botocore's ``standard`` mode:
throttling and transient errors back off and retry; everything else surfaces at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound

from finops_tui.errors import FinOpsError

DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedException",
        "AuthorizationError",
        "OptInRequired",
        "SubscriptionRequiredException",
    }
)
"""Error codes meaning "you may not": the source is skipped with a warning, the rest continues."""

WarnFn = Callable[[str], None]


@dataclass
class AwsContext:
    """The session, retry settings and bookkeeping shared by every source of one sync."""

    profile: str | None = None
    max_attempts: int = 5
    """Attempts per call in botocore's standard retry mode (1 disables retries, as tests do)."""
    region: str | None = None
    warn: WarnFn = print
    calls: Counter[str] = field(default_factory=Counter)
    """API calls made, by ``service.Operation`` (retries not counted)."""
    warnings: list[str] = field(default_factory=list)
    _session: Any = None
    _clients: dict[tuple[str, str | None], Any] = field(default_factory=dict)

    @property
    def session(self) -> Any:
        """The boto3 session (created on first use, so a bad profile fails with a one-line message)."""
        if self._session is None:
            try:
                self._session = boto3.Session(profile_name=self.profile, region_name=self.region)
            except ProfileNotFound as exc:
                raise FinOpsError(f"AWS profile: {exc}") from None
            self._session.events.register("before-call", self._count)
        return self._session

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[f"{model.service_model.service_name}.{model.name}"] += 1

    def client(self, service: str, region: str | None = None) -> Any:
        """A cached client for ``service`` in ``region`` (default: the session's, else us-east-1)."""
        key = (service, region)
        if key not in self._clients:
            config = Config(
                retries={"mode": "standard", "max_attempts": self.max_attempts},
                connect_timeout=10,
                read_timeout=60,
                user_agent_extra="finops-tui",
            )
            name = region or self.session.region_name or "us-east-1"
            self._clients[key] = self.session.client(service, region_name=name, config=config)
        return self._clients[key]

    def warning(self, text: str) -> None:
        """Record a warning and show it."""
        self.warnings.append(text)
        self.warn(text)

    def assumed(self, account: str, role: str) -> AwsContext:
        """A context for ``role`` in member ``account`` (same counters, warnings and retry settings)."""
        arn = f"arn:aws:iam::{account}:role/{role}"
        resp = self.client("sts").assume_role(RoleArn=arn, RoleSessionName="finops-tui-sync")
        creds = resp["Credentials"]
        child = AwsContext(max_attempts=self.max_attempts, region=self.region, warn=self.warn)
        child.calls, child.warnings = self.calls, self.warnings
        child._session = boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=self.session.region_name,
        )
        child._session.events.register("before-call", child._count)
        return child

    def account_id(self) -> str:
        """The account the credentials belong to (STS GetCallerIdentity, free and always allowed)."""
        with translate_errors("AWS credentials"):
            return str(self.client("sts").get_caller_identity()["Account"])


def error_code(exc: ClientError) -> str:
    """The AWS error code of a ClientError."""
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_denied(exc: BaseException) -> bool:
    """Whether ``exc`` is an authorisation refusal (skip with a warning) rather than a failure."""
    return isinstance(exc, ClientError) and error_code(exc) in DENIED_CODES


@contextmanager
def translate_errors(what: str) -> Iterator[None]:
    """Turn credential and connection problems into one-line :class:`FinOpsError` messages."""
    try:
        yield
    except NoCredentialsError:
        raise FinOpsError(
            f"{what}: no AWS credentials found (set AWS_PROFILE, pass --profile, or run `aws sso login`)"
        ) from None
    except ClientError as exc:
        if is_denied(exc):
            raise
        message = exc.response.get("Error", {}).get("Message", "") or str(exc)
        raise FinOpsError(f"{what}: {error_code(exc)}: {message}") from None
    except BotoCoreError as exc:
        raise FinOpsError(f"{what}: {exc}") from None


@contextmanager
def skip_if_denied(ctx: AwsContext, what: str, *, optional: bool = False) -> Iterator[list[bool]]:
    """Run a source; on AccessDenied, warn and carry on. The yielded list holds False when skipped.

    ``optional`` sources (the extras) are also skipped with a warning on any other AWS error, so an
    API an account or endpoint does not offer never costs the rest of the sync.
    """
    ok = [True]
    try:
        if optional:
            yield ok
        else:
            with translate_errors(what):
                yield ok
    except ClientError as exc:
        if not is_denied(exc) and not optional:
            raise
        ok[0] = False
        reason = "access denied" if is_denied(exc) else "failed"
        ctx.warning(f"{what}: {reason} ({error_code(exc)}); skipped")
    except BotoCoreError as exc:
        if not optional:
            raise
        ok[0] = False
        ctx.warning(f"{what}: failed ({exc}); skipped")
