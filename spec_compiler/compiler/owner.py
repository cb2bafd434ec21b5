"""Owner-scoped entities: their partition key is the caller's identity, never a value from the request.

Every operation of such an entity has the same kind of authorizer (`access_rules.owner_scoped` makes sure),
so the identity is one `$context.authorizer` reference per entity. `check_owner_template` checks each
generated request template again, as defence in depth.
"""

from __future__ import annotations

from spec_compiler.errors import ModelError
from spec_compiler.model.ir import Entity, OperationName

OWNER_IDENTITY = {
    "cognito": "$context.authorizer.claims.sub",
    "custom": "$context.authorizer.principalId",
}


def owner_identity(entity: Entity, op: OperationName) -> str:
    """The `$context` reference an owner-scoped operation takes its partition key from."""
    return OWNER_IDENTITY[entity.access_for(op).kind]


def owner_source(entity: Entity) -> str | None:
    """Where an owner-scoped entity's partition key comes from, or None for any other entity."""
    if not entity.owner_scoped:
        return None
    return owner_identity(entity, entity.operations[0])


def check_owner_template(entity: Entity, op: OperationName, request_template: str) -> None:
    """Refuse an owner-scoped request template that could take the owner key from the request.

    Defence in depth: whatever builds the templates, an owner's key must come from `$context.authorizer`
    only, so the template must name the identity and must never read a parameter of the key's name.
    """
    key = entity.partition_key.name
    from_request = (
        f"$input.params('{key}')",
        f'$input.params("{key}")',
        f"$input.path('$.{key}')",
        f"$input.json('$.{key}')",
        f"$body.get('{key}')",
        f"$body.{key}",
        f"'{key}'",  # a row of a field table (see field_tables), read from the body by a loop
    )
    reads_request = any(form in request_template for form in from_request)
    if reads_request or owner_identity(entity, op).removeprefix("$") not in request_template:
        raise ModelError(
            f"{entity.source}, class {entity.name}: owner=True, but the {op} template does not take "
            f"{key!r} from the caller's identity alone. This version of spec-compiler cannot build "
            "owner-scoped templates for it; remove owner=True."
        )
