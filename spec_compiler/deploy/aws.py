"""One boto3 session, its clients, who and where we are, and the one way every AWS call is made.

Every call goes through `Aws.call`, which retries throttled control-plane calls (PutRestApi is limited
to 1 a second, CreateDeployment to 1 every 5 seconds) and other "not yet" answers with exponential
backoff, and turns every other failure into a `DeployError` that names the step. The sleep is
injectable so tests never wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError

from spec_compiler.deploy.errors import DeployError

RETRIED_CODES = frozenset(
    {
        "TooManyRequestsException",
        "ThrottlingException",
        "Throttling",
        "RequestLimitExceeded",
        "ProvisionedThroughputExceededException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalFailure",
        "ContinuousBackupsUnavailableException",  # PITR right after CreateTable: "backups are being enabled"
    }
)
BACKOFF_SECONDS = (1.0, 2.0, 4.0, 8.0, 16.0, 20.0)
# The tag on everything deploy creates (tables, roles, the API, plans, keys), naming the API it serves.
API_TAG = "spec-compiler:api"
PAGE_SIZE = 500  # the most API Gateway returns per page

# botocore's own retries are off: `Aws.call` owns retrying, so behaviour (and tests) are predictable.
_CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 1}, user_agent_extra="spec-compiler")
_DNS_SUFFIX = {"aws-cn": "amazonaws.com.cn", "aws-iso": "c2s.ic.gov", "aws-iso-b": "sc2s.sgov.gov"}


@dataclass
class Aws:
    """The clients deploy uses, the caller's account, region and partition, and how to wait."""

    dynamodb: Any
    iam: Any
    apigateway: Any
    account_id: str
    region: str
    partition: str
    emulated: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @property
    def dns_suffix(self) -> str:
        return _DNS_SUFFIX.get(self.partition, "amazonaws.com")

    def table_arn(self, table: str) -> str:
        return f"arn:{self.partition}:dynamodb:{self.region}:{self.account_id}:table/{table}"

    def call(
        self,
        step: str,
        operation: Callable[..., dict[str, Any]],
        *,
        absent: tuple[str, ...] = (),
        advice: str | None = None,
        **params: Any,
    ) -> dict[str, Any] | None:
        """Make one AWS call for `step`: throttling is retried with backoff, an error code listed in
        `absent` (a thing that does not exist) returns None, and any other failure raises DeployError
        (with `advice` as what to do, when the step knows better than the generic advice)."""
        retries = iter(BACKOFF_SECONDS)
        while True:
            try:
                return operation(**params)
            except ClientError as error:
                code = error_code(error)
                if code in absent:
                    return None
                if code not in RETRIED_CODES:
                    raise DeployError(
                        step,
                        f"{_operation_name(error)} was refused: {error_message(error)} ({code}).",
                        advice or _advice(code),
                    ) from None
                delay = next(retries, None)
                if delay is None:
                    raise DeployError(
                        step,
                        f"AWS kept throttling {_operation_name(error)} ({code}), "
                        f"{len(BACKOFF_SECONDS)} retries over {sum(BACKOFF_SECONDS):.0f} s.",
                        "Nothing is broken; wait a minute and run deploy again.",
                    ) from None
                self.sleep(delay)
            except BotoCoreError as error:
                raise DeployError(
                    step,
                    f"the call to AWS failed: {error}.",
                    "Check the network, --endpoint-url and --region, then run deploy again.",
                ) from None

    def items(
        self,
        step: str,
        operation: Callable[..., dict[str, Any]],
        *,
        absent: tuple[str, ...] = (),
        **params: Any,
    ) -> list[dict[str, Any]] | None:
        """Every item of an API Gateway listing, following `position` page by page; None only when a
        code in `absent` answers (as with `call`)."""
        items: list[dict[str, Any]] = []
        params["limit"] = PAGE_SIZE
        while True:
            page = self.call(step, operation, absent=absent, **params)
            if page is None:
                return None
            items.extend(page.get("items", []))
            if not page.get("position"):
                return items
            params["position"] = page["position"]


def connect(
    *,
    region: str | None,
    profile: str | None,
    endpoint_url: str | None,
    sleep: Callable[[float], None] = time.sleep,
) -> Aws:
    """Open one session, ask STS who we are; an emulator endpoint (`endpoint_url`) marks `emulated`."""
    try:
        session = boto3.Session(profile_name=profile, region_name=region)
    except BotoCoreError as error:
        raise DeployError("connect", f"{error}.", "Name a profile that exists in ~/.aws/config.") from None
    if not session.region_name:
        raise DeployError(
            "connect",
            "no AWS region is configured.",
            "Pass --region or set AWS_REGION (or AWS_DEFAULT_REGION).",
        )

    def client(service: str) -> Any:
        return session.client(service, endpoint_url=endpoint_url, config=_CLIENT_CONFIG)

    try:
        identity = client("sts").get_caller_identity()
    except NoCredentialsError:
        raise DeployError(
            "connect", "no AWS credentials were found.", "Run `aws configure`, or pass --profile."
        ) from None
    except (ClientError, BotoCoreError, NoRegionError) as error:
        raise DeployError(
            "connect", f"STS could not tell who is calling: {error}.", "Check the credentials and --region."
        ) from None
    return Aws(
        dynamodb=client("dynamodb"),
        iam=client("iam"),
        apigateway=client("apigateway"),
        account_id=identity["Account"],
        region=session.region_name,
        partition=identity["Arn"].split(":")[1],
        emulated=endpoint_url is not None,
        sleep=sleep,
    )


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def error_message(error: ClientError) -> str:
    details = error.response.get("Error", {})
    return str(details.get("Message") or details.get("Code") or error)


def _operation_name(error: ClientError) -> str:
    return getattr(error, "operation_name", "the call")


def _advice(code: str) -> str:
    if code.startswith("AccessDenied") or code in {"UnauthorizedOperation", "UnrecognizedClientException"}:
        return "The credentials lack this permission: grant it, or deploy with another --profile."
    return "Fix the cause and run deploy again; what already exists was left as it is."
