"""The public document of a protected API: security schemes described in words, no authorizer ARNs."""

from pathlib import Path
from typing import Any

from spec_compiler.compiler.openapi import generate_document
from spec_compiler.docs.public import public_document
from spec_compiler.model.discovery import load_api
from spec_compiler.model.ir import UsagePlan

ACCESS = Path(__file__).parents[1] / "fixtures" / "models" / "access"


def access_document() -> dict[str, Any]:
    api = load_api(ACCESS, title="T", version="1", description="d", usage_plans=(UsagePlan("p", ("k",)),))
    return generate_document(api)


def test_the_public_document_keeps_no_authorizer_internals() -> None:
    public = public_document(access_document())
    schemes = public["components"]["securitySchemes"]
    assert schemes["cognito"] == {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "description": "A token from the API's Amazon Cognito user pool, in the Authorization header.",
    }
    assert schemes["api_key"]["description"] == "An API key issued to you, in the x-api-key header."
    assert schemes["partners"]["description"].startswith("A credential the API's authorizer accepts")
    assert schemes["sigv4"]["description"].startswith("An AWS Signature Version 4")
    assert "arn:" not in str(public) and "123456789012" not in str(public)
