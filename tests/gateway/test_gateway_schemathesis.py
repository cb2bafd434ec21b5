"""Schemathesis against the served API with the generated documents: positive and negative data.

Every answer must be free of 5xx and conform to the document (declared status, content type, headers,
body schema). Examples are bounded and derandomized so the run is reproducible and fast.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 12

# API Gateway checks only that path parameters are present, never their schema (AWS guide: "API Gateway only
# checks the existence of a parameter and doesn't check the type or format"), and the generated request
# templates do not check the key's length either. So a negative PUT /movies/{101-character name} stores the
# item, and reading it back answers a `name` longer than the document's maxLength 100: a response that
# violates the document, on AWS as here. Reported to the compiler's owners; strict, so a fix shows up.
_KEY_LENGTH_UNENFORCED = pytest.mark.xfail(
    strict=True, reason="path key maxLength is declared but not enforced, so stored keys violate the schema"
)
CASES = [
    ("favorite", GenerationMode.POSITIVE),
    pytest.param("favorite", GenerationMode.NEGATIVE, marks=_KEY_LENGTH_UNENFORCED),
    ("watches", GenerationMode.POSITIVE),
    ("watches", GenerationMode.NEGATIVE),
]


@pytest.mark.parametrize(
    ("api", "mode"),
    CASES,
    ids=["favorite-positive", "favorite-negative", "watches-positive", "watches-negative"],
)
def test_served_api_conforms_to_its_document(
    api: str, mode: GenerationMode, documents, favorite, watches
) -> None:
    served = {"favorite": favorite, "watches": watches}[api]
    schema = schemathesis.openapi.from_path(documents[api])
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def exercise(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=served.url, checks=CHECKS)

        try:
            exercise()
        except Exception as error:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
