"""DynamoDB tables: created when missing (the document's key schema, on-demand, point-in-time recovery),
never deleted, never re-keyed. A table that exists with another key schema is a conflict found while
reading, so the deploy stops before anything at all has changed."""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import WaiterError

from spec_compiler.deploy.aws import API_TAG, Aws
from spec_compiler.deploy.changes import Change
from spec_compiler.deploy.errors import DeployError
from spec_compiler.document import Table, described_keys

STEP = "tables"
_WAIT = {"Delay": 2, "MaxAttempts": 150}


@dataclass(frozen=True)
class TableChange(Change):
    """A table's change, with the table it is about and whether point-in-time recovery must be turned on."""

    table: Table | None = None
    enable_recovery: bool = False


def key_description(keys: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{name} ({kind})" for name, kind in keys)


def wanted_keys(table: Table) -> tuple[tuple[str, str], ...]:
    return tuple((key.name, key.type) for key in table.key_attributes)


def read_table(aws: Aws, table: Table) -> TableChange:
    """What deploy would do to `table`; raises when it exists with another key schema."""
    found = aws.call(
        STEP, aws.dynamodb.describe_table, absent=("ResourceNotFoundException",), TableName=table.name
    )
    wanted = wanted_keys(table)
    if found is None:
        detail = f"key {key_description(wanted)}; on-demand; point-in-time recovery on"
        return TableChange("table", table.name, "create", detail, table=table)
    description = found["Table"]
    if description.get("TableStatus") == "DELETING":
        raise DeployError(
            STEP, f"table {table.name} is being deleted.", "Wait until it is gone, then deploy again."
        )
    existing = _existing_keys(description)
    if existing != wanted:
        raise DeployError(
            STEP,
            f"table {table.name} exists with key {key_description(existing)}, but the document needs "
            f"{key_description(wanted)}. DynamoDB cannot change a table's key.",
            "Nothing was changed. Give the entity another table name, or migrate the data to a new table "
            "and delete the old one yourself.",
        )
    backups = aws.call(STEP, aws.dynamodb.describe_continuous_backups, TableName=table.name)
    recovery = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    if recovery["PointInTimeRecoveryStatus"] != "ENABLED":
        return TableChange("table", table.name, "update", "turn on point-in-time recovery", table, True)
    return TableChange("table", table.name, "unchanged", table=table)


def apply_table(aws: Aws, change: TableChange, api_tag: str) -> None:
    """Create the table (and wait until it is active) or turn its point-in-time recovery on."""
    assert change.table is not None
    table = change.table
    if change.action == "create":
        aws.call(
            STEP,
            aws.dynamodb.create_table,
            TableName=table.name,
            **table.key_schema(),
            BillingMode="PAY_PER_REQUEST",
            Tags=[{"Key": API_TAG, "Value": api_tag}],
        )
    if change.action == "create" or change.enable_recovery:
        _wait_until_active(aws, table.name)
        aws.call(
            STEP,
            aws.dynamodb.update_continuous_backups,
            TableName=table.name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )


def _existing_keys(description: dict) -> tuple[tuple[str, str], ...]:
    return tuple((key.name, key.type) for key in described_keys(description))


def _wait_until_active(aws: Aws, name: str) -> None:
    try:
        aws.dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=_WAIT)
    except WaiterError as error:
        raise DeployError(
            STEP,
            f"table {name} did not become active: {error}.",
            "Check it in the DynamoDB console, then deploy again.",
        ) from None
