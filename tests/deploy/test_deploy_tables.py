"""Tables: the exact CreateTable call, point-in-time recovery once active, and key-schema conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from spec_compiler.deploy.aws import Aws
from spec_compiler.deploy.errors import DeployError
from spec_compiler.deploy.tables import apply_table, read_table
from spec_compiler.document import tables


@pytest.fixture
def stub(aws: Aws) -> Iterator[Stubber]:
    """Stubber on the DynamoDB client (conftest's `stub` stubs API Gateway)."""
    with Stubber(aws.dynamodb) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def watch_log(movies: dict[str, Any]):
    return next(table for table in tables(movies) if table.name == "watch_log")


def described(*keys: tuple[str, str], status: str = "ACTIVE") -> dict[str, Any]:
    """A DescribeTable answer for watch_log with these (name, type) keys, HASH first."""
    return {
        "Table": {
            "TableName": "watch_log",
            "TableStatus": status,
            "KeySchema": [
                {"AttributeName": name, "KeyType": kind}
                for (name, _), kind in zip(keys, ("HASH", "RANGE"), strict=False)
            ],
            "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in keys],
        }
    }


def test_a_missing_table_is_created_on_demand_then_gets_point_in_time_recovery(aws, stub, sleeps, watch_log):
    stub.add_client_error("describe_table", "ResourceNotFoundException", "Requested resource not found")
    stub.add_response(
        "create_table",
        {},
        {
            "TableName": "watch_log",
            "KeySchema": [
                {"AttributeName": "friend", "KeyType": "HASH"},
                {"AttributeName": "seen_at", "KeyType": "RANGE"},
            ],
            "AttributeDefinitions": [
                {"AttributeName": "friend", "AttributeType": "S"},
                {"AttributeName": "seen_at", "AttributeType": "S"},
            ],
            "BillingMode": "PAY_PER_REQUEST",
            "Tags": [{"Key": "spec-compiler:api", "Value": "movie-nights-api"}],
        },
    )
    stub.add_response("describe_table", described(("friend", "S")), {"TableName": ANY})
    stub.add_client_error(
        "update_continuous_backups", "ContinuousBackupsUnavailableException", "Backups are being enabled"
    )
    stub.add_response(
        "update_continuous_backups",
        {"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED"}},
        {"TableName": "watch_log", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}},
    )

    change = read_table(aws, watch_log)
    assert change.action == "create"
    apply_table(aws, change, "movie-nights-api")

    assert sleeps == [1.0], "enabling recovery right after creation is retried, not fatal"


def test_keys_in_another_order_are_a_conflict(aws, stub, watch_log):
    stub.add_response(
        "describe_table",
        described(("seen_at", "S"), ("friend", "S")),
    )

    with pytest.raises(DeployError, match=r"exists with key seen_at \(S\), friend \(S\)"):
        read_table(aws, watch_log)


def test_a_key_of_another_type_is_a_conflict(aws, stub, watch_log):
    stub.add_response(
        "describe_table",
        described(("friend", "S"), ("seen_at", "N")),
    )

    with pytest.raises(
        DeployError, match=r"seen_at \(N\), but the document needs friend \(S\), seen_at \(S\)"
    ):
        read_table(aws, watch_log)


def test_a_table_being_deleted_stops_the_deploy(aws, stub, watch_log):
    stub.add_response(
        "describe_table",
        described(("friend", "S"), ("seen_at", "S"), status="DELETING"),
    )

    with pytest.raises(DeployError, match="is being deleted"):
        read_table(aws, watch_log)
