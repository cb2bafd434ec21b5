"""What AWS itself would receive: moto's import is shallow, so botocore's Stubber checks the exact
import_rest_api / put_rest_api / tag_resource / create_deployment parameters, and the backoff."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from botocore.stub import Stubber

from spec_compiler.deploy.apigateway import (
    ApiChange,
    Definition,
    StageChange,
    api_tag_value,
    apply_api,
    apply_stage,
    read_api,
    read_stage,
)
from spec_compiler.deploy.aws import BACKOFF_SECONDS
from spec_compiler.deploy.errors import DeployError
from spec_compiler.document import without_extension
from spec_compiler.errors import DocumentError

API_ARN = "arn:aws:apigateway:eu-west-1::/restapis/abc123"


def expect_tags(stub: Stubber, tags: dict[str, str]) -> None:
    stub.add_response("tag_resource", {}, {"resourceArn": API_ARN, "tags": tags})


@pytest.fixture
def definition(movies: dict[str, Any]) -> Definition:
    return Definition.of(movies)


def test_first_import_sends_the_public_document_with_fail_on_warnings(aws, stub, movies, definition):
    stub.add_response("get_rest_apis", {"items": []}, {"limit": 500})
    stub.add_response(
        "import_rest_api",
        {"id": "abc123", "name": "Movie Nights API"},
        {
            "body": definition.body,
            "failOnWarnings": True,
            "parameters": {"endpointConfigurationTypes": "REGIONAL"},
        },
    )
    expect_tags(stub, {"spec-compiler:api": "movie-nights-api"})
    expect_tags(stub, {"spec-compiler:sha256": definition.sha256})

    change = read_api(aws, "movie-nights-api", definition)
    assert change == ApiChange("api", "movie-nights-api", "create", "import (regional endpoint)")
    assert apply_api(aws, change, "movie-nights-api", definition) == "abc123"

    sent = json.loads(definition.body)
    assert sent == without_extension(movies)
    assert "x-spec-compiler" not in sent
    uri = sent["paths"]["/movies/{name}"]["get"]["x-amazon-apigateway-integration"]["uri"]
    assert uri == "arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/GetItem", "AWS resolves it"


def test_later_deploys_overwrite_the_tagged_api(aws, stub, definition):
    tagged = {"spec-compiler:api": "movie-nights-api", "spec-compiler:sha256": "0" * 64}
    stub.add_response(
        "get_rest_apis",
        {"items": [{"id": "other1", "name": "Movie Nights API", "tags": {}}], "position": "page2"},
        {"limit": 500},
    )
    page2 = {"items": [{"id": "abc123", "tags": tagged}]}
    stub.add_response("get_rest_apis", page2, {"limit": 500, "position": "page2"})
    stub.add_response(
        "put_rest_api",
        {"id": "abc123"},
        {"restApiId": "abc123", "mode": "overwrite", "failOnWarnings": True, "body": definition.body},
    )
    expect_tags(stub, {"spec-compiler:sha256": definition.sha256})

    change = read_api(aws, "movie-nights-api", definition)
    assert (change.action, change.rest_api_id) == ("update", "abc123")
    assert apply_api(aws, change, "movie-nights-api", definition) == "abc123"


def test_an_api_already_holding_this_definition_is_left_alone(aws, stub, definition):
    tags = {"spec-compiler:api": "movie-nights-api", "spec-compiler:sha256": definition.sha256}
    stub.add_response("get_rest_apis", {"items": [{"id": "abc123", "tags": tags}]}, {"limit": 500})

    change = read_api(aws, "movie-nights-api", definition)

    assert change.action == "unchanged"
    assert apply_api(aws, change, "movie-nights-api", definition) == "abc123"  # no call: the stub would fail


def test_two_apis_with_our_tag_is_an_error(aws, stub, definition):
    tags = {"spec-compiler:api": "movie-nights-api"}
    stub.add_response("get_rest_apis", {"items": [{"id": "b", "tags": tags}, {"id": "a", "tags": tags}]})

    with pytest.raises(DeployError, match=r"more than one REST API carries the tag .* \(a, b\)"):
        read_api(aws, "movie-nights-api", definition)


def test_warnings_from_put_are_an_error_and_record_nothing(aws, stub, definition):
    stub.add_response("put_rest_api", {"id": "abc123", "warnings": ["Unable to put method 'PATCH'"]})
    change = ApiChange("api", "movie-nights-api", "update", rest_api_id="abc123")

    with pytest.raises(DeployError) as raised:
        apply_api(aws, change, "movie-nights-api", definition)

    assert raised.value.step == "api"
    assert "Unable to put method 'PATCH'" in str(raised.value)
    assert "The stage was not touched" in str(raised.value)


def test_warnings_from_import_keep_the_api_findable_but_not_marked_current(aws, stub, definition):
    stub.add_response("import_rest_api", {"id": "abc123", "warnings": ["Ignored x-foo"]})
    expect_tags(stub, {"spec-compiler:api": "movie-nights-api"})

    with pytest.raises(DeployError, match="import_rest_api returned warnings"):
        apply_api(aws, ApiChange("api", "movie-nights-api", "create"), "movie-nights-api", definition)


def test_a_refused_import_names_the_step_and_keeps_the_stage(aws, stub, definition):
    stub.add_client_error("import_rest_api", "BadRequestException", "Errors found during import: Invalid ARN")

    with pytest.raises(DeployError) as raised:
        apply_api(aws, ApiChange("api", "movie-nights-api", "create"), "movie-nights-api", definition)

    message = str(raised.value)
    assert message.startswith("deploy step `api` failed: ImportRestApi was refused: Errors found during")
    assert "still serves its previous deployment" in message


def test_deployment_is_described_with_the_definition_hash(aws, stub, definition):
    stub.add_response(
        "create_deployment",
        {"id": "dep1"},
        {"restApiId": "abc123", "stageName": "prod", "description": f"spec-compiler {definition.marker}"},
    )

    assert apply_stage(aws, StageChange("stage", "prod", "update"), "abc123", definition) == "dep1"


@pytest.mark.parametrize(
    ("stage", "description", "action"),
    [
        (None, None, "create"),
        ({"deploymentId": "dep1", "stageName": "prod"}, "spec-compiler sha256:{sha}", "unchanged"),
        ({"deploymentId": "dep1", "stageName": "prod"}, "spec-compiler sha256:" + "0" * 64, "update"),
        ({"deploymentId": "dep1", "stageName": "prod"}, "made by hand", "update"),
    ],
)
def test_stage_deploys_only_when_it_serves_another_hash(aws, stub, definition, stage, description, action):
    ids = {"restApiId": "abc123", "stageName": "prod"}
    if stage is None:
        stub.add_client_error("get_stage", "NotFoundException", "Invalid stage identifier", 404, ids)
    else:
        stub.add_response("get_stage", stage, ids)
        text = description.format(sha=definition.sha256)
        deployment = {"id": "dep1", "description": text}
        stub.add_response("get_deployment", deployment, {"restApiId": "abc123", "deploymentId": "dep1"})
    api = ApiChange("api", "movie-nights-api", "unchanged", rest_api_id="abc123")

    assert read_stage(aws, api, "prod", definition).action == action


def test_throttled_calls_are_retried_with_backoff(aws, stub, sleeps, definition):
    for _ in range(2):
        stub.add_client_error("create_deployment", "TooManyRequestsException", "Rate exceeded", 429)
    stub.add_response("create_deployment", {"id": "dep1"})

    assert apply_stage(aws, StageChange("stage", "prod", "create"), "abc123", definition) == "dep1"
    assert sleeps == [1.0, 2.0]


def test_throttling_that_never_stops_is_reported(aws, stub, sleeps, definition):
    for _ in range(len(BACKOFF_SECONDS) + 1):
        stub.add_client_error("put_rest_api", "TooManyRequestsException", "Rate exceeded", 429)

    with pytest.raises(DeployError, match="AWS kept throttling PutRestApi"):
        apply_api(aws, ApiChange("api", "x", "update", rest_api_id="abc123"), "x", definition)
    assert sleeps == list(BACKOFF_SECONDS)


def test_emulators_get_the_variables_resolved(aws, definition):
    aws.emulated = True

    body = definition.body_for(aws).decode()

    assert "${AWS::" not in body
    assert "arn:aws:iam::123456789012:role/favorite_movies-apigw-read" in body
    assert "arn:aws:apigateway:eu-west-1:dynamodb:action/Query" in body
    unresolved, resolved = (hashlib.sha256(text).hexdigest() for text in (definition.body, body.encode()))
    assert definition.sha256 == unresolved != resolved, "the hash is the same in every account and region"


def test_api_identity_comes_from_the_name_or_the_title(movies):
    assert api_tag_value(movies) == "movie-nights-api"
    assert api_tag_value(movies, "Team B / Movies") == "team-b-movies"
    movies["info"]["title"] = "!!!"
    with pytest.raises(DocumentError, match="pass --name"):
        api_tag_value(movies)
