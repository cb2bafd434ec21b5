"""Access control, CORS and caching in the document: security schemes and requirements as API Gateway
imports them, preflight mocks and CORS headers everywhere, cache keys, and the extension's new parts."""

from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from spec_compiler import document as doc
from spec_compiler.compiler.openapi import generate_document
from spec_compiler.compiler.owner import check_owner_template
from spec_compiler.errors import ModelError
from spec_compiler.model.discovery import load_api
from spec_compiler.model.ir import Cors, UsagePlan
from spec_compiler.validate import validate_document

ACCESS = Path(__file__).parents[1] / "fixtures" / "models" / "access"
ORIGIN = "https://app.example.com"
CORS = Cors(ORIGIN, ("Content-Type", "Authorization"), 600, True)
PLANS = (UsagePlan("partners", ("partner-a", "partner-b"), 10, 20, 1000, "MONTH"), UsagePlan("free", ("x",)))
INTEGRATION = "x-amazon-apigateway-integration"


@pytest.fixture(scope="module")
def access_document() -> dict[str, Any]:
    api = load_api(ACCESS, title="T", version="1", description="d", cors=CORS, usage_plans=PLANS)
    return generate_document(api)


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op.spec["operationId"]: op.spec for op in doc.operations(document)}


def test_the_document_is_valid_and_passes_validate(access_document: dict) -> None:
    validate(access_document)
    assert validate_document(access_document) == []


def test_security_schemes_are_api_key_type_with_api_gateway_extensions(access_document: dict) -> None:
    schemes = access_document["components"]["securitySchemes"]
    assert sorted(schemes) == ["api_key", "cognito", "partners", "sigv4"]
    assert all(scheme["type"] == "apiKey" and scheme["in"] == "header" for scheme in schemes.values())
    assert schemes["api_key"]["name"] == "x-api-key"
    assert schemes["sigv4"]["x-amazon-apigateway-authtype"] == "awsSigv4"
    cognito = schemes["cognito"]
    assert cognito["name"] == "Authorization"
    assert cognito["x-amazon-apigateway-authtype"] == "cognito_user_pools"
    assert cognito["x-amazon-apigateway-authorizer"] == {
        "type": "cognito_user_pools",
        "providerARNs": ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"],
    }
    partners = schemes["partners"]
    assert partners["x-amazon-apigateway-authtype"] == "custom"
    function = "arn:aws:lambda:eu-west-1:123456789012:function:authorize-partner"
    assert partners["x-amazon-apigateway-authorizer"] == {
        "type": "token",
        "authorizerUri": "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
        f"{function}/invocations",
        "identitySource": "method.request.header.Authorization",
        "authorizerResultTtlInSeconds": 60,
    }


def test_security_is_on_each_operation_never_at_the_root(access_document: dict) -> None:
    assert "security" not in access_document
    security = {op_id: spec.get("security") for op_id, spec in operations(access_document).items()}
    assert security["getReview"] is None and security["listReview"] is None  # reads public
    assert security["putReview"] == security["createReview"] == [{"cognito": []}]
    assert security["deleteReview"] == [{"cognito": ["reviews/admin"]}]  # the per-operation override
    assert security["getListing"] == security["listListing"] == [{"api_key": []}]
    assert security["putListing"] == [{"partners": []}]
    assert security["getAudit"] == [{"sigv4": [], "api_key": []}]
    assert all(security[op_id] is None for op_id in security if op_id.startswith("preflight"))
    assert access_document["x-amazon-apigateway-api-key-source"] == "HEADER"


def test_no_api_key_source_without_keys(movie_document: dict) -> None:
    assert "x-amazon-apigateway-api-key-source" not in movie_document
    assert "securitySchemes" not in movie_document["components"]
    assert all("security" not in op.spec for op in doc.operations(movie_document))


def test_every_path_answers_the_preflight_with_a_mock(access_document: dict) -> None:
    for path, item in access_document["paths"].items():
        options = item["options"]
        integration = options[INTEGRATION]
        assert integration["type"] == "mock"
        assert integration["requestTemplates"] == {"application/json": '{"statusCode": 200}'}
        methods = [method.upper() for method in item if method != "options"]
        parameters = integration["responses"]["default"]["responseParameters"]
        assert parameters == {
            "method.response.header.Access-Control-Allow-Origin": f"'{ORIGIN}'",
            "method.response.header.Access-Control-Allow-Credentials": "'true'",
            "method.response.header.Access-Control-Allow-Methods": f"'{','.join([*methods, 'OPTIONS'])}'",
            "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization'",
            "method.response.header.Access-Control-Max-Age": "'600'",
        }, path
        declared = options["responses"]["200"]["headers"]
        assert {f"method.response.header.{name}" for name in declared} == set(parameters)


def test_every_response_carries_the_cors_headers(access_document: dict) -> None:
    for op in doc.operations(access_document):
        if op.method == "options":
            continue
        for status, response in op.spec["responses"].items():
            assert set(response["headers"]) == {
                "Access-Control-Allow-Origin",
                "Access-Control-Allow-Credentials",
            }, (op.path, status)
        for selection, response in op.integration["responses"].items():
            assert response["responseParameters"] == {
                "method.response.header.Access-Control-Allow-Origin": f"'{ORIGIN}'",
                "method.response.header.Access-Control-Allow-Credentials": "'true'",
            }, (op.path, selection)
    gateway_responses = access_document["x-amazon-apigateway-gateway-responses"]
    assert {"DEFAULT_4XX", "DEFAULT_5XX"} <= set(gateway_responses)
    for response in gateway_responses.values():
        assert response["responseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"] == (
            f"'{ORIGIN}'"
        )


def test_cached_reads_key_on_every_parameter(access_document: dict) -> None:
    ops = operations(access_document)
    assert ops["getReview"][INTEGRATION]["cacheKeyParameters"] == ["method.request.path.movie"]
    assert ops["listReview"][INTEGRATION]["cacheKeyParameters"] == [
        "method.request.querystring.limit",
        "method.request.querystring.cursor",
    ]
    assert all("cacheKeyParameters" not in ops[op_id][INTEGRATION] for op_id in ("putReview", "getListing"))
    assert doc.stage_cache(access_document) == doc.StageCache(
        cluster_size="0.5",
        methods=(
            doc.CachedMethod("/reviews", "GET", 300),
            doc.CachedMethod("/reviews/{movie}", "GET", 300),
        ),
    )


def test_usage_plans_and_keys_travel_in_the_extension(access_document: dict, movie_document: dict) -> None:
    assert doc.usage_plans(access_document) == [
        doc.UsagePlan("free", ("x",)),
        doc.UsagePlan("partners", ("partner-a", "partner-b"), 10, 20, 1000, "MONTH"),
    ]
    assert doc.api_keys(access_document) == ["partner-a", "partner-b", "x"]
    assert doc.usage_plans(movie_document) == [] and doc.stage_cache(movie_document) is None


OWNER_MODEL = """
from typing import Annotated
from spec_compiler.model import CognitoUserPool, CustomAuthorizer, Entity, PartitionKey, SortKey

class Note(Entity, table="notes", resource="notes", owner=True, access={access}):
    owner: Annotated[str, PartitionKey]
    note_id: Annotated[str, SortKey]
    text: str
"""
POOL = "CognitoUserPool(pool_arn='arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC1')"
FUNCTION = "CustomAuthorizer(function_arn='arn:aws:lambda:eu-west-1:123456789012:function:auth')"


@pytest.mark.parametrize(
    ("access", "identity"),
    [(POOL, "$context.authorizer.claims.sub"), (FUNCTION, "$context.authorizer.principalId")],
)
def test_owner_templates_must_take_the_key_from_the_identity_alone(
    access: str, identity: str, tmp_path: Path
) -> None:
    (tmp_path / "note.py").write_text(OWNER_MODEL.replace("{access}", access))
    (note,) = load_api(tmp_path, title="T", version="1", description="d").entities
    safe = f'{{"Key": {{"owner": {{"S": "$util.escapeJavaScript({identity})"}}}}}}'
    check_owner_template(note, "get", safe)
    for unsafe in (
        '{"Key": {"owner": {"S": "$input.params(\'owner\')"}}}',
        safe.replace("}}}", '}}, "x": "$input.path(\'$.owner\')"}'),
        '{"Key": {"owner": {"S": "$body.get(\'owner\')"}}}',
        safe + "#foreach($a1 in ['text', 'owner'])$input.json(\"$.${a1}\")#end",  # a field table's row
        '{"Key": {}}',  # no identity at all
    ):
        with pytest.raises(ModelError, match="does not take 'owner' from the caller's identity alone"):
            check_owner_template(note, "get", unsafe)
