"""Documentation parts and the documentation version on the deployed API: moto 5 has neither, so
botocore's Stubber checks the exact calls (and that a second deploy makes none); against moto's server
the step is skipped with its reason printed (test_deploy_flow)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from spec_compiler.deploy.apigateway import ApiChange, Definition, StageChange
from spec_compiler.deploy.aws import connect
from spec_compiler.deploy.deployer import deploy
from spec_compiler.deploy.documentation import (
    Documentation,
    apply_parts,
    location_key,
    publish_version,
    read_docs,
)
from spec_compiler.deploy.errors import DeployError
from spec_compiler.deploy.plan import read_plan

API_ID = "abc123"
EXISTING_API = ApiChange("api", "movie-nights-api", "unchanged", rest_api_id=API_ID)
NEW_API = ApiChange("api", "movie-nights-api", "create")
PUT = {"restApiId": API_ID, "mode": "overwrite", "failOnWarnings": True}
ANY_PART = {"restApiId": API_ID, "patchOperations": ANY}
# The API part of tests/deploy/data/movies.yaml, written out by hand from its info.description.
API_PART = {
    "location": {"type": "API"},
    "properties": {
        "info": {
            "description": "Favorite movies and movie nights. Test data for spec-compiler deploy, "
            "in the shape of a generated document."
        }
    },
}


@pytest.fixture
def documentation(movies: dict[str, Any]) -> Documentation:
    return Documentation.of(movies)


def stage(shown: str | None = None) -> StageChange:
    return StageChange("stage", "prod", "unchanged", deployment_id="dep1", documentation_version=shown)


def stored(parts: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parts as GetDocumentationParts returns them: with ids, properties as a JSON string formatted
    another way than deploy writes it (spaces, key order), which must still count as equal."""
    return [
        {
            "id": f"part{number}",
            "location": part["location"],
            "properties": json.dumps(dict(reversed(list(part["properties"].items()))), indent=1),
        }
        for number, part in enumerate(parts)
    ]


def expect_read(stub, items: list[dict[str, Any]], page: int = 500) -> None:
    """GetDocumentationParts, paged like AWS: `page` items and a position while more remain."""
    position = None
    for start in range(0, max(len(items), 1), page):
        request = {"restApiId": API_ID, "limit": 500, **({"position": position} if position else {})}
        chunk = items[start : start + page]
        position = f"p{start + page}" if start + page < len(items) else None
        stub.add_response(
            "get_documentation_parts",
            {"items": chunk, **({"position": position} if position else {})},
            request,
        )


def expect_version(stub, documentation: Documentation, exists: bool) -> None:
    request = {"restApiId": API_ID, "documentationVersion": documentation.version}
    if exists:
        stub.add_response("get_documentation_version", {"version": documentation.version}, request)
    else:
        stub.add_client_error(
            "get_documentation_version", "NotFoundException", "Invalid Documentation version", 404, request
        )


def expect_create(stub, part: dict[str, Any]) -> None:
    properties = json.dumps(part["properties"], sort_keys=True, ensure_ascii=False)
    request = {"restApiId": API_ID, "location": part["location"], "properties": properties}
    stub.add_response("create_documentation_part", {"id": "new"}, request)


def expect_snapshot(stub, documentation: Documentation) -> None:
    request = {
        "restApiId": API_ID,
        "documentationVersion": documentation.version,
        "stageName": "prod",
        "description": f"spec-compiler: {len(documentation.parts)} documentation parts",
    }
    stub.add_response("create_documentation_version", {"version": documentation.version}, request)


def test_the_first_deploy_creates_every_part_then_snapshots_them_on_the_stage(aws, stub, documentation):
    assert documentation.parts[0] == API_PART
    change = read_docs(aws, NEW_API, StageChange("stage", "prod", "create"), documentation)
    assert (change.action, change.name) == ("create", documentation.version)
    assert change.detail == f"67 parts, snapshot {documentation.version} for stage prod"

    expect_read(stub, [])  # read once the API exists: an import may bring parts of its own
    for part in documentation.parts:
        expect_create(stub, part)
    expect_snapshot(stub, documentation)

    done = apply_parts(aws, change, API_ID, api_written=True)
    assert publish_version(aws, done, API_ID, "prod") is True
    assert done.diff is not None and done.diff.summary() == "create 67"


def test_a_later_deploy_creates_updates_and_deletes_exactly_what_differs(aws, stub, documentation):
    wanted = list(documentation.parts)
    changed, missing = wanted[1], wanted[2]
    current = stored([part for part in wanted if part is not missing])
    edited = next(part for part in current if part["location"] == changed["location"])
    edited["properties"] = json.dumps({"summary": "Written by hand in the console"})
    stale = {
        "id": "gone1",
        "location": {"type": "METHOD", "path": "/old", "method": "GET"},
        "properties": "{}",
    }
    expect_read(stub, [*current, stale], page=40)  # two pages
    expect_version(stub, documentation, exists=False)

    change = read_docs(aws, EXISTING_API, stage("1.0.0-000000000000"), documentation)

    assert change.action == "update"
    assert change.detail == (
        f"parts: create 1, update 1, delete 1; snapshot {documentation.version}; "
        f"show {documentation.version} on stage prod"
    )
    expect_create(stub, missing)
    stub.add_response(
        "update_documentation_part",
        {"id": edited["id"]},
        {
            "restApiId": API_ID,
            "documentationPartId": edited["id"],
            "patchOperations": [
                {
                    "op": "replace",
                    "path": "/properties",
                    "value": json.dumps(changed["properties"], sort_keys=True),
                }
            ],
        },
    )
    stub.add_response("delete_documentation_part", {}, {"restApiId": API_ID, "documentationPartId": "gone1"})
    expect_snapshot(stub, documentation)

    done = apply_parts(aws, change, API_ID, api_written=False)  # no second read: the plan's is current
    assert publish_version(aws, done, API_ID, "prod") is True


def test_a_second_deploy_of_the_same_document_writes_no_documentation(aws, stub, documentation):
    expect_read(stub, stored(documentation.parts))
    expect_version(stub, documentation, exists=True)

    change = read_docs(aws, EXISTING_API, stage(documentation.version), documentation)

    assert (change.action, change.detail) == ("unchanged", "67 parts, shown on stage prod")
    done = apply_parts(aws, change, API_ID, api_written=False)
    assert publish_version(aws, done, API_ID, "prod") is False  # any write would fail: nothing is stubbed


def test_an_existing_snapshot_is_shown_on_a_stage_that_shows_another(aws, stub, documentation):
    expect_read(stub, stored(documentation.parts))
    expect_version(stub, documentation, exists=True)
    change = read_docs(aws, EXISTING_API, stage("0.9.0-111111111111"), documentation)
    assert change.action == "update"

    stub.add_response(
        "update_stage",
        {"stageName": "prod", "documentationVersion": documentation.version},
        {
            "restApiId": API_ID,
            "stageName": "prod",
            "patchOperations": [
                {"op": "replace", "path": "/documentationVersion", "value": documentation.version}
            ],
        },
    )
    assert publish_version(aws, apply_parts(aws, change, API_ID, api_written=False), API_ID, "prod")


def test_parts_are_read_again_once_the_api_is_overwritten(aws, stub, documentation):
    """AWS does not document what an overwrite does to parts: deploy trusts what it reads afterwards."""
    overwritten = ApiChange("api", "movie-nights-api", "update", rest_api_id=API_ID)
    expect_read(stub, stored(documentation.parts))
    expect_version(stub, documentation, exists=True)
    change = read_docs(aws, overwritten, stage(documentation.version), documentation)
    assert change.action == "unchanged"
    assert change.detail.endswith("(parts read again once the API is overwritten)")

    expect_read(stub, stored(documentation.parts[1:]))  # say the overwrite dropped the API's part
    expect_create(stub, API_PART)

    done = apply_parts(aws, change, API_ID, api_written=True)
    assert done.diff is not None and done.diff.summary() == "create 1"


def test_throttled_part_writes_are_retried_with_backoff(aws, stub, sleeps, documentation):
    expect_read(stub, stored(documentation.parts[1:]))
    expect_version(stub, documentation, exists=True)
    change = read_docs(aws, EXISTING_API, stage(documentation.version), documentation)
    for _ in range(2):
        stub.add_client_error("create_documentation_part", "TooManyRequestsException", "Rate exceeded", 429)
    expect_create(stub, API_PART)

    apply_parts(aws, change, API_ID, api_written=False)

    assert sleeps == [1.0, 2.0]


def test_an_emulator_without_documentation_parts_is_skipped_with_the_reason(aws, stub, documentation):
    aws.emulated = True
    stub.add_client_error("get_documentation_parts", "404", "<title>404 Not Found</title>", 404)

    change = read_docs(aws, EXISTING_API, stage(), documentation)

    assert change.action == "skipped" and not change.changes_anything
    assert "has no API Gateway documentation parts (an emulator answering 404" in change.detail
    assert publish_version(aws, apply_parts(aws, change, API_ID, api_written=True), API_ID, "prod") is False


def test_against_aws_the_same_answer_is_an_error(aws, stub, documentation):
    stub.add_client_error("get_documentation_parts", "404", "<title>404 Not Found</title>", 404)

    with pytest.raises(DeployError) as raised:
        read_docs(aws, EXISTING_API, stage(), documentation)

    assert raised.value.step == "docs"


def test_a_refused_part_names_the_docs_step(aws, stub, documentation):
    change = read_docs(aws, NEW_API, StageChange("stage", "prod", "create"), documentation)
    expect_read(stub, [])
    stub.add_client_error("create_documentation_part", "BadRequestException", "Invalid location", 400)

    with pytest.raises(DeployError, match=r"deploy step `docs` failed: CreateDocumentationPart was refused"):
        apply_parts(aws, change, API_ID, api_written=True)


@pytest.mark.parametrize(
    ("returned", "written"),
    [
        ({"type": "API", "path": "/"}, {"type": "API"}),  # a field that does not apply is not compared
        ({"type": "RESOURCE", "path": "/"}, {"type": "RESOURCE"}),  # AWS's default path
        (
            {"type": "RESPONSE", "path": "/a", "statusCode": "404"},
            {"type": "RESPONSE", "path": "/a", "method": "*", "statusCode": "404"},
        ),
    ],
)
def test_locations_compare_as_aws_reads_them(returned, written):
    assert location_key(returned) == location_key(written)


def test_locations_that_name_other_entities_differ():
    method = {"type": "METHOD", "path": "/movies", "method": "GET"}
    assert location_key(method) != location_key({**method, "method": "POST"})
    assert location_key(method) != location_key({**method, "type": "REQUEST_BODY"})


def test_documentation_that_would_leak_stops_the_deploy_before_any_call(aws, stub, movies):
    movies["paths"]["/movies"]["get"]["description"] = "Scans favorite_movies as favorite_movies-apigw-read"

    with pytest.raises(DeployError) as raised:
        read_plan(aws, movies, stage="prod", api_tag="movie-nights-api")  # the stub answers no call

    assert raised.value.step == "docs"
    assert "table name 'favorite_movies'" in str(raised.value)
    assert str(raised.value).endswith("Nothing was changed.")


def test_deploy_writes_parts_after_the_api_and_the_snapshot_after_the_deployment(endpoint, region, movies):
    """The whole deploy, tables and roles on moto's server, API Gateway through the Stubber, which holds
    every API Gateway call in the order deploy must make it; then a second deploy that writes nothing."""
    aws = connect(region=region, profile=None, endpoint_url=endpoint)
    deploy(aws, movies, stage="prod", out=lambda line: None)  # tables and roles exist from here on
    aws.emulated = False  # API Gateway answers as AWS would, through the stub
    previous = Documentation.of(movies)
    movies["paths"]["/movies"]["get"]["summary"] = "List every favorite movie"
    documentation, definition = Documentation.of(movies), Definition.of(movies)
    tags = {"spec-compiler:api": "movie-nights-api", "spec-compiler:sha256": "0" * 64}
    lines: list[str] = []

    with Stubber(aws.apigateway) as stub:
        stub.add_response("get_rest_apis", {"items": [{"id": API_ID, "tags": tags}]})
        stub.add_response("get_stage", {"deploymentId": "dep1", "documentationVersion": previous.version})
        stub.add_response("get_deployment", {"id": "dep1", "description": "spec-compiler sha256:" + "0" * 64})
        expect_read(stub, stored(previous.parts))
        expect_version(stub, documentation, exists=False)
        stub.add_response("put_rest_api", {"id": API_ID}, {**PUT, "body": definition.body})
        stub.add_response("tag_resource", {})
        expect_read(stub, stored(previous.parts))  # read again after the overwrite
        stub.add_response("update_documentation_part", {}, {**ANY_PART, "documentationPartId": "part1"})
        stub.add_response("create_deployment", {"id": "dep2"})
        expect_snapshot(stub, documentation)

        outcome = deploy(aws, movies, stage="prod", out=lines.append)
        stub.assert_no_pending_responses()

    assert outcome.deployment_id == "dep2"
    assert f"docs {documentation.version}: updated (parts: update 1; shown on the stage)" in lines

    tags["spec-compiler:sha256"] = definition.sha256
    with Stubber(aws.apigateway) as stub:
        stub.add_response("get_rest_apis", {"items": [{"id": API_ID, "tags": tags}]})
        stub.add_response(
            "get_stage", {"deploymentId": "dep2", "documentationVersion": documentation.version}
        )
        stub.add_response(
            "get_deployment", {"id": "dep2", "description": f"spec-compiler {definition.marker}"}
        )
        expect_read(stub, stored(documentation.parts))
        expect_version(stub, documentation, exists=True)

        again = deploy(aws, movies, stage="prod", out=lines.append)  # a write would find no stubbed answer
        stub.assert_no_pending_responses()

    assert [change.action for change in again.plan.changes] == ["unchanged"] * 9
