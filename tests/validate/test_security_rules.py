"""`validate` knows API Gateway's rules for security schemes, per-operation security, CORS header
mappings and cache keys: the compiled access document passes, and each broken copy names its problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spec_compiler.compiler.openapi import generate_document
from spec_compiler.model.discovery import load_api
from spec_compiler.model.ir import Cors, UsagePlan
from spec_compiler.validate import validate_document

ACCESS = Path(__file__).parents[1] / "fixtures" / "models" / "access"
INTEGRATION = "x-amazon-apigateway-integration"


@pytest.fixture(scope="module")
def compiled() -> dict[str, Any]:
    api = load_api(
        ACCESS,
        title="T",
        version="1",
        description="d",
        cors=Cors("https://app.example.com", ("Content-Type",)),
        usage_plans=(UsagePlan("p", ("k",)),),
    )
    return generate_document(api)


def test_the_access_document_is_valid(compiled: dict[str, Any]) -> None:
    assert validate_document(compiled) == []


def _root_security(d: dict) -> None:
    d["security"] = [{"cognito": []}]


def _scheme_type(d: dict) -> None:
    d["components"]["securitySchemes"]["cognito"]["type"] = "http"


def _no_pool(d: dict) -> None:
    d["components"]["securitySchemes"]["cognito"]["x-amazon-apigateway-authorizer"]["providerARNs"] = []


def _no_uri(d: dict) -> None:
    del d["components"]["securitySchemes"]["partners"]["x-amazon-apigateway-authorizer"]["authorizerUri"]


def _ttl(d: dict) -> None:
    authorizer = d["components"]["securitySchemes"]["partners"]["x-amazon-apigateway-authorizer"]
    authorizer["authorizerResultTtlInSeconds"] = 7200


def _unknown_scheme(d: dict) -> None:
    d["paths"]["/reviews/{movie}"]["put"]["security"] = [{"nobody": []}]


def _two_authorizers(d: dict) -> None:
    d["paths"]["/reviews/{movie}"]["put"]["security"] = [{"cognito": [], "partners": []}]


def _scopes_on_custom(d: dict) -> None:
    d["paths"]["/listings/{sku}"]["put"]["security"] = [{"partners": ["a/b"]}]


def _undeclared_cors_header(d: dict) -> None:
    del d["paths"]["/reviews/{movie}"]["get"]["responses"]["400"]["headers"]["Access-Control-Allow-Origin"]


def _cache_key(d: dict) -> None:
    d["paths"]["/reviews/{movie}"]["get"][INTEGRATION]["cacheKeyParameters"] = ["method.request.path.title"]


def _key_source(d: dict) -> None:
    d["x-amazon-apigateway-api-key-source"] = "QUERY"


BROKEN: dict[str, tuple[Callable[[dict], None], str, str]] = {
    "root security": (_root_security, "/security", "ignores root-level security"),
    "scheme type": (_scheme_type, "/components/securitySchemes/cognito/type", "only `type: apiKey`"),
    "no pool": (_no_pool, "/providerARNs", "needs the user pool ARNs"),
    "no uri": (_no_uri, "/authorizerUri", "a token authorizer needs authorizerUri"),
    "ttl": (_ttl, "/authorizerResultTtlInSeconds", "must be 0 to 3600 seconds"),
    "unknown scheme": (_unknown_scheme, "/security/0/nobody", "no security scheme 'nobody'"),
    "two authorizers": (_two_authorizers, "/put/security/0", "a method has one authorizer"),
    "scopes": (_scopes_on_custom, "/security/0/partners", "scopes are only for Cognito"),
    "cors header": (_undeclared_cors_header, "Access-Control-Allow-Origin", "is not declared in the 400"),
    "cache key": (_cache_key, "/cacheKeyParameters/0", "method.request.path.title is not a parameter"),
    "key source": (_key_source, "/x-amazon-apigateway-api-key-source", "must be one of HEADER"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_rule_is_reported_where_it_is(case: str, compiled: dict[str, Any]) -> None:
    breaks, where, says = BROKEN[case]
    document = copy.deepcopy(compiled)
    breaks(document)
    problems = [str(problem) for problem in validate_document(document)]
    assert any(where in problem and says in problem for problem in problems), problems
