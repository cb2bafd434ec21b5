"""Checking an AWS Signature Version 4 as API Gateway's IAM authorization does, with local credentials.

The canonical request and signature come from botocore's own signer, fed the request exactly as the
client signed it (its method, path, query, signed headers and body) and the client's timestamp.
"""

from __future__ import annotations

import hmac
import re
from datetime import UTC, datetime

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)"
    r"/aws4_request, ?SignedHeaders=(?P<headers>[a-z0-9;-]+), ?Signature=(?P<signature>[0-9a-f]{64})$"
)
MAX_SKEW_SECONDS = 15 * 60


def check_signature(
    *,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: dict[str, str],
    body: bytes,
    secrets: dict[str, str],
    now: datetime | None = None,
) -> tuple[str | None, str]:
    """(None, access key id) when the signature is good, else (gateway response type, message)."""
    authorization = headers.get("authorization")
    if not authorization:
        return "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"
    match = _AUTHORIZATION.match(authorization)
    amz_date = headers.get("x-amz-date", "")
    if match is None or not amz_date:
        return "INCOMPLETE_SIGNATURE", "Authorization header requires a SigV4 signature and 'X-Amz-Date'."
    secret = secrets.get(match["key"])
    if secret is None:
        return "INVALID_SIGNATURE", "The security token included in the request is invalid."
    try:
        signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return "INCOMPLETE_SIGNATURE", "X-Amz-Date is not in the ISO 8601 basic format."
    if abs(((now or datetime.now(UTC)) - signed_at).total_seconds()) > MAX_SKEW_SECONDS:
        return "INVALID_SIGNATURE", "Signature expired."
    signed = {name: headers.get(name, "") for name in match["headers"].split(";")}
    url = f"http://{headers.get('host', 'localhost')}{raw_path}" + (f"?{raw_query}" if raw_query else "")
    request = AWSRequest(method=method, url=url, headers=signed, data=body)
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(match["key"], secret), match["service"], match["region"])
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    if not hmac.compare_digest(expected, match["signature"]):
        return (
            "INVALID_SIGNATURE",
            "The request signature we calculated does not match the signature you provided.",
        )
    return None, match["key"]
