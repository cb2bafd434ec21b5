"""Making the store hold the tables the document describes, once at start-up (boto3 is fine here).

A table that exists is used as it is, provided its key schema is the document's; a different key schema
would make every generated request fail, so it stops the start-up with a message saying what differs.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from spec_compiler.document import Table, described_keys
from spec_compiler.errors import SpecCompilerError
from spec_compiler.gateway.dynamodb import DynamoDBEndpoint


def dynamodb_client(endpoint: DynamoDBEndpoint) -> Any:
    """A boto3 DynamoDB client for the same endpoint, region and credentials the gateway uses."""
    frozen = endpoint.credentials.get_frozen_credentials()
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint.url,
        region_name=endpoint.region,
        aws_access_key_id=frozen.access_key,
        aws_secret_access_key=frozen.secret_key,
        aws_session_token=frozen.token,
        config=Config(retries={"max_attempts": 2, "mode": "standard"}),
    )


def ensure_tables(endpoint: DynamoDBEndpoint, tables: list[Table], *, create_missing: bool) -> list[str]:
    """Check every table's key schema, creating missing ones if allowed; returns the names created."""
    client = dynamodb_client(endpoint)
    created = []
    try:
        for table in tables:
            try:
                description = client.describe_table(TableName=table.name)["Table"]
            except client.exceptions.ResourceNotFoundException:
                if not create_missing:
                    raise SpecCompilerError(
                        f"table {table.name!r} does not exist at {endpoint.url} ({endpoint.region}); "
                        "create it first (spec-compiler deploy does)."
                    ) from None
                client.create_table(**create_table_request(table))
                client.get_waiter("table_exists").wait(
                    TableName=table.name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
                )
                created.append(table.name)
                continue
            _check_key_schema(table, description)
    except (BotoCoreError, ClientError) as error:
        raise SpecCompilerError(f"cannot prepare the tables at {endpoint.url}: {error}") from None
    return created


def create_table_request(table: Table) -> dict[str, Any]:
    """The CreateTable request for a table of the document (on-demand billing)."""
    return {"TableName": table.name, **table.key_schema(), "BillingMode": "PAY_PER_REQUEST"}


def _check_key_schema(table: Table, description: dict[str, Any]) -> None:
    keys = [(key.name, key.type) for key in described_keys(description)]
    actual = [*keys, (None, None)][:2]
    expected = [(table.partition_key.name, table.partition_key.type)]
    expected.append((table.sort_key.name, table.sort_key.type) if table.sort_key else (None, None))
    if actual != expected:
        raise SpecCompilerError(
            f"table {table.name!r} exists with key schema {_describe(actual)}, but the document expects "
            f"{_describe(expected)}; delete or rename the table, or point --dynamodb-endpoint elsewhere."
        )


def _describe(keys: list[tuple[str | None, str | None]]) -> str:
    (pk, pk_type), (sk, sk_type) = keys
    text = f"partition key {pk} ({pk_type})"
    return text + (f", sort key {sk} ({sk_type})" if sk else ", no sort key")
