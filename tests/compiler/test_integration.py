"""The integration plan of each operation (the contract with the document generator), role names and
the gateway responses."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from template_samples import ENTITIES, MOVIE, VIEWING

from spec_compiler.compiler.integration import gateway_responses, integration_plan, role_name
from spec_compiler.errors import ModelError
from spec_compiler.model.ir import Attribute, AttributeType
from spec_compiler.vtl import compile_template

ACTIONS = {
    "get": "GetItem",
    "put": "PutItem",
    "patch": "UpdateItem",
    "delete": "DeleteItem",
    "create": "PutItem",
    "list": "Scan",
    "query": "Query",
}
# The statuses table of docs/compiler-contract: success statuses, then the errors every operation has.
STATUSES = {
    "get": {"200": "item", "404": "error"},
    "put": {"201": "empty", "200": "empty"},
    "patch": {"200": "item", "404": "error"},
    "delete": {"204": "empty", "404": "error"},
    "create": {"201": "empty", "409": "error"},
    "list": {"200": "page"},
    "query": {"200": "page"},
}
ERRORS = {"400": "error", "429": "error", "500": "error", "502": "error"}


@pytest.mark.parametrize("operation", list(ACTIONS))
def test_plan_is_a_dynamodb_service_integration_any_account_can_import(operation: str) -> None:
    plan = integration_plan(VIEWING, operation)
    extension = plan.extension
    assert extension["type"] == "aws" and extension["httpMethod"] == "POST"
    assert (
        extension["uri"]
        == f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:dynamodb:action/{ACTIONS[operation]}"
    )
    assert (
        extension["credentials"] == f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{plan.role.name}"
    )
    assert extension["passthroughBehavior"] == "never"
    assert list(extension["requestTemplates"]) == ["application/json"]
    assert list(extension["responses"]) == ["2\\d{2}", "4\\d{2}", "5\\d{2}"]
    assert plan.statuses == {**STATUSES[operation], **ERRORS}
    for response in extension["responses"].values():
        assert response["statusCode"] in plan.statuses


@pytest.mark.parametrize("operation", list(ACTIONS))
def test_reads_run_as_the_tables_read_role_and_writes_as_its_write_role(operation: str) -> None:
    role = integration_plan(VIEWING, operation).role
    access = "read" if operation in ("get", "list", "query") else "write"
    assert (role.name, role.table, role.access) == (f"viewings-apigw-{access}", "viewings", access)


def test_role_names_fit_iam_and_stay_distinct_for_long_table_names() -> None:
    first, second = "t" * 250 + "a", "t" * 250 + "b"
    names = {role_name(first, "read"), role_name(second, "read"), role_name(first, "write")}
    assert len(names) == 3
    for name in names:
        assert len(name) <= 64 and re.fullmatch(r"[A-Za-z0-9+=,.@_-]+", name)
    assert role_name(first, "read") == role_name(first, "read")
    assert role_name("favorite_movies", "read") == "favorite_movies-apigw-read"


def test_statuses_a_template_can_switch_to_are_declared() -> None:
    for entity in ENTITIES:
        for operation in entity.operations:
            plan = integration_plan(entity, operation)
            for response in plan.extension["responses"].values():
                template = response["responseTemplates"]["application/json"]
                for status in re.findall(r"responseOverride\.status = (\d+)", template):
                    assert status in plan.statuses


def test_plans_are_deterministic() -> None:
    assert integration_plan(VIEWING, "patch") == integration_plan(VIEWING, "patch")


@pytest.mark.parametrize("name", ['title"', "it's", "a$b", "a#b", "a\\b", "tab\tname", "é"])
def test_a_name_that_could_escape_its_template_is_refused(name: str) -> None:
    entity = replace(MOVIE, attributes=(*MOVIE.attributes, Attribute(name, AttributeType("S"))))
    with pytest.raises(ModelError, match="cannot be used in a mapping template"):
        integration_plan(entity, "put")


def test_gateway_responses_answer_json_with_a_useful_message() -> None:
    responses = gateway_responses()
    expected = {
        "BAD_REQUEST_BODY",
        "BAD_REQUEST_PARAMETERS",
        "UNSUPPORTED_MEDIA_TYPE",
        "MISSING_AUTHENTICATION_TOKEN",
        "DEFAULT_4XX",
        "DEFAULT_5XX",
    }
    assert set(responses) == expected
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["statusCode"] == "403"
    context = {
        "error": {
            "message": "Invalid request body",
            "messageString": '"Invalid request body"',
            "validationErrorString": "instance type (integer) does not match",
        }
    }
    bodies = {}
    for name, response in responses.items():
        template = response["responseTemplates"]["application/json"]
        bodies[name] = json.loads(compile_template(template).render(context=context).output)
        assert list(bodies[name]) == ["message"]
    assert "does not match" in bodies["BAD_REQUEST_BODY"]["message"]
    assert bodies["DEFAULT_4XX"] == {"message": "Invalid request body"}


def test_an_unknown_route_answers_what_aws_answers() -> None:
    """403 {"message": "Missing Authentication Token"}, with the message API Gateway puts in the context."""
    response = gateway_responses()["MISSING_AUTHENTICATION_TOKEN"]
    context = {"error": {"messageString": '"Missing Authentication Token"'}}
    template = response["responseTemplates"]["application/json"]
    body = json.loads(compile_template(template).render(context=context).output)
    assert (response["statusCode"], body) == ("403", {"message": "Missing Authentication Token"})
