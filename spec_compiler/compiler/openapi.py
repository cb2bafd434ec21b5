"""The IR to one OpenAPI 3.0.1 document that API Gateway imports as it is.

`OpenApiGenerator` has one method per concern (paths and operations, parameters, request bodies,
responses, models, validators, the `x-spec-compiler` extension), in the manner of Chalice's swagger
generator. The integrations themselves (VTL, roles, gateway responses) come from `integration.py`.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from spec_compiler.compiler import access, paging
from spec_compiler.compiler.integration import (
    JSON,
    IntegrationPlan,
    gateway_responses,
    integration_plan,
    operation_role,
)
from spec_compiler.compiler.owner import check_owner_template
from spec_compiler.compiler.schemas import NULL, api_gateway_schema, nullable
from spec_compiler.document import EXTENSION, GATEWAY_RESPONSES, INTEGRATION
from spec_compiler.errors import ModelError
from spec_compiler.model.ir import Api, Attribute, Entity, OperationName

OPENAPI_VERSION = "3.0.1"
ERROR_MODEL = "Error"

METHODS: dict[OperationName, str] = {
    "get": "get",
    "put": "put",
    "patch": "patch",
    "delete": "delete",
    "create": "post",
    "list": "get",
    "query": "get",
}
METHOD_ORDER = ("get", "put", "post", "patch", "delete", "options")
SUMMARIES: dict[OperationName, str] = {
    "get": "Read one {entity}",
    "put": "Create or replace one {entity}",
    "patch": "Change some attributes of one {entity}",
    "delete": "Delete one {entity}",
    "create": "Create one {entity} unless its key is taken",
    "list": "List every {entity}, a page at a time",
    "query": "List the {entity} items that share a {key}, a page at a time",
}
OWNER_SUMMARIES: dict[OperationName, str] = {
    "query": "List the caller's own {entity} items, a page at a time"
}
# The request body model of each write operation, as a suffix of the entity's name.
BODY_MODELS: dict[OperationName, str] = {"put": "Input", "patch": "Patch", "create": "Create"}
RESPONSE_MODELS = {"item": "", "page": "Page", "error": None}
VALIDATORS = {
    "all": {"validateRequestBody": True, "validateRequestParameters": True},
    "params": {"validateRequestBody": False, "validateRequestParameters": True},
}


def generate_document(api: Api) -> dict[str, Any]:
    """The OpenAPI document of an API, as a plain dict in a stable order."""
    return OpenApiGenerator(api).generate()


def operation_path(entity: Entity, operation: OperationName) -> str:
    """`/movies`, `/movies/{name}` or `/movies/{name}/{seen_at}`: where an operation is served."""
    return f"/{entity.resource}" + "".join(f"/{{{key.name}}}" for key in path_keys(entity, operation))


def path_keys(entity: Entity, operation: OperationName) -> tuple[Attribute, ...]:
    """The keys an operation takes from its path: none for create and list, the partition for query,
    all for the others; an owner-scoped entity's partition key never (it is the caller's identity)."""
    if operation in ("create", "list"):
        return ()
    if operation == "query":
        return () if entity.owner_scoped else (entity.partition_key,)
    return entity.path_keys


class OpenApiGenerator:
    """Builds the document; each method returns one part, so a variant overrides only what differs."""

    def __init__(self, api: Api) -> None:
        self.api = api

    def generate(self, paths: dict[str, Any] | None = None) -> dict[str, Any]:
        """The document; `paths` in place of `self.paths()` when the caller made them already."""
        components: dict[str, Any] = {"schemas": self.models()}
        if schemes := access.security_schemes(self.api):
            components["securitySchemes"] = schemes
        document = {
            "openapi": OPENAPI_VERSION,
            "info": self.info(),
            "tags": self.tags(),
            "paths": self.paths() if paths is None else paths,
            "components": components,
            "x-amazon-apigateway-request-validators": self.validators(),
            GATEWAY_RESPONSES: access.gateway_responses_with_cors(gateway_responses(), self.api.cors),
        }
        if access.uses_api_keys(self.api):
            document["x-amazon-apigateway-api-key-source"] = "HEADER"
        document[EXTENSION] = self.extension()
        return document

    # --- info and tags -----------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        return {"title": self.api.title, "description": self.api.description, "version": self.api.version}

    def tags(self) -> list[dict[str, str]]:
        """One tag per entity, described by its docstring, so the docs group operations by entity."""
        return [
            {"name": entity.name, **({"description": entity.description} if entity.description else {})}
            for entity in self.api.entities
        ]

    # --- paths and operations ----------------------------------------------------------------------
    def paths(self, entities: tuple[Entity, ...] | None = None) -> dict[str, dict[str, Any]]:
        """The path items of the API's entities (or of some of them), sorted by path."""
        paths: dict[str, dict[str, Any]] = {}
        for entity in self.api.entities if entities is None else entities:
            for op in entity.operations:
                paths.setdefault(operation_path(entity, op), {})[METHODS[op]] = self.operation(entity, op)
            if self.api.cors is not None:
                self.add_preflights(entity, paths)
        return {
            path: dict(sorted(item.items(), key=lambda pair: METHOD_ORDER.index(pair[0])))
            for path, item in sorted(paths.items())
        }

    def operation(self, entity: Entity, op: OperationName) -> dict[str, Any]:
        plan = integration_plan(entity, op)
        if entity.owner_scoped:  # a bug here would let callers reach other partitions: stop the build
            check_owner_template(entity, op, plan.extension["requestTemplates"][JSON])
        operation: dict[str, Any] = {
            "tags": [entity.name],
            "summary": (OWNER_SUMMARIES if entity.owner_scoped else SUMMARIES)
            .get(op, SUMMARIES[op])
            .format(entity=entity.name, key=entity.partition_key.name),
            "operationId": f"{op}{entity.name}",
        }
        if entity.description:
            operation["description"] = entity.description
        if parameters := self.parameters(entity, op):
            operation["parameters"] = parameters
        if body := self.request_body(entity, op):
            operation["requestBody"] = body
        if requirement := access.security(entity.access_for(op)):
            operation["security"] = requirement
        responses, integration = self.responses(entity, plan), plan.extension
        if self.api.cors is not None:
            responses, integration = access.with_cors(responses, integration, self.api.cors)
        if access.cached(entity, op):
            integration = {**integration, "cacheKeyParameters": access.cache_key_parameters(parameters)}
        operation["responses"] = responses
        operation["x-amazon-apigateway-request-validator"] = "all" if body else "params"
        operation[INTEGRATION] = integration
        return operation

    def add_preflights(self, entity: Entity, paths: dict[str, dict[str, Any]]) -> None:
        """An OPTIONS mock on each of the entity's paths, allowing the methods that path has."""
        assert self.api.cors is not None
        for path, item in paths.items():
            if path != f"/{entity.resource}" and not path.startswith(f"/{entity.resource}/"):
                continue
            methods = [method for method in METHOD_ORDER if method in item and method != "options"]
            shape = _path_shape(entity, path)
            path_parameters = [
                parameter for parameter in item[methods[0]].get("parameters", []) if parameter["in"] == "path"
            ]
            item["options"] = access.preflight(
                self.api.cors, methods, f"preflight{entity.name}{shape}", path_parameters
            )

    # --- parameters --------------------------------------------------------------------------------
    def parameters(self, entity: Entity, op: OperationName) -> list[dict[str, Any]]:
        """Path parameters for the keys in the path, then the paging parameters; never path-level."""
        parameters = [self.key_parameter(entity, key) for key in path_keys(entity, op)]
        if op in ("list", "query"):
            parameters += self.page_parameters(entity, op)
        return parameters

    def key_parameter(self, entity: Entity, key: Attribute) -> dict[str, Any]:
        schema = api_gateway_schema(key.schema)
        description = schema.pop("description", None) or f"The {key.name} of the {entity.name}."
        return {
            "name": key.name,
            "in": "path",
            "required": True,
            "description": description,
            "schema": schema,
        }

    def page_parameters(self, entity: Entity, op: OperationName) -> list[dict[str, Any]]:
        low, high, default = 1, paging.MAX_LIMIT, paging.DEFAULT_LIMIT
        parameters = [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": f"How many items a page holds at most, {low} to {high} (default {default}).",
                "schema": {"type": "integer", "minimum": low, "maximum": high},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Where the page starts: the `next_cursor` of the previous page (opaque).",
                "schema": {"type": "string"},
            },
        ]
        sort_key = entity.sort_key
        if op == "query" and sort_key is not None and sort_key.type.kind in ("S", "B"):
            parameters.append(
                {
                    "name": "prefix",
                    "in": "query",
                    "required": False,
                    "description": f"Only items whose {sort_key.name} begins with this value.",
                    "schema": {"type": "string"},
                }
            )
        return parameters

    # --- request bodies and responses --------------------------------------------------------------
    def request_body(self, entity: Entity, op: OperationName) -> dict[str, Any] | None:
        if op not in BODY_MODELS:
            return None
        return {
            "required": True,
            "content": {JSON: {"schema": _ref(entity.name + BODY_MODELS[op])}},
        }

    def responses(self, entity: Entity, plan: IntegrationPlan) -> dict[str, Any]:
        """Every status the integration can answer, each with the model of its body."""
        responses: dict[str, Any] = {}
        for status, body in sorted(plan.statuses.items()):
            response: dict[str, Any] = {"description": HTTPStatus(int(status)).phrase}
            if body != "empty":
                suffix = RESPONSE_MODELS[body]
                model = ERROR_MODEL if suffix is None else entity.name + suffix
                response["content"] = {JSON: {"schema": _ref(model)}}
            responses[status] = response
        return responses

    # --- models ------------------------------------------------------------------------------------
    def models(self) -> dict[str, Any]:
        """Every model the operations refer to, plus the nested models and enums they use; sorted."""
        models: dict[str, tuple[dict[str, Any], str]] = {
            name: (api_gateway_schema(schema), "a nested model or enum of that name")
            for name, schema in self.api.schemas.items()
        }
        for entity in self.api.entities:
            for name, schema in self.entity_models(entity).items():
                if name in models:
                    raise ModelError(
                        f"{entity.source}, class {entity.name}: the API model {name} it needs is already "
                        f"defined by {models[name][1]}. Rename the class or the other model."
                    )
                models[name] = (schema, f"{entity.source}, class {entity.name}")
        if ERROR_MODEL in models:
            raise ModelError(
                f"{models[ERROR_MODEL][1]}: {ERROR_MODEL} is the name of the API's error model. Rename it."
            )
        models[ERROR_MODEL] = (self.error_model(), "")
        return {name: schema for name, (schema, _) in sorted(models.items())}

    def entity_models(self, entity: Entity) -> dict[str, dict[str, Any]]:
        """The item, its page and the body model of each write operation the entity has."""
        models = {entity.name: self.object_model(entity.attributes, entity.description)}
        if {"list", "query"} & set(entity.operations):
            models[entity.name + "Page"] = self.page_model(entity)
        if "put" in entity.operations:
            description = f"A {entity.name} without its key attributes, as PUT takes it."
            models[entity.name + "Input"] = self.object_model(
                entity.non_key_attributes, description, closed=True
            )
        if "patch" in entity.operations:
            models[entity.name + "Patch"] = self.patch_model(entity)
        if "create" in entity.operations:
            if entity.owner_scoped:  # the owner's key is the caller's identity, never the client's
                owner = entity.partition_key.name
                given = tuple(attribute for attribute in entity.attributes if attribute.name != owner)
                description = f"A whole {entity.name} but its owner ({owner}), as POST takes it."
            else:
                given, description = (
                    entity.attributes,
                    f"A whole {entity.name}, keys included, as POST takes it.",
                )
            models[entity.name + "Create"] = self.object_model(given, description, closed=True)
        return models

    def object_model(
        self, attributes: tuple[Attribute, ...], description: str, *, closed: bool = False
    ) -> dict[str, Any]:
        model: dict[str, Any] = {"type": "object"}
        if description:
            model["description"] = description
        model["properties"] = {
            attribute.name: api_gateway_schema(attribute.schema) for attribute in attributes
        }
        if required := [attribute.name for attribute in attributes if attribute.required]:
            model["required"] = required
        if closed:
            model["additionalProperties"] = False
        return model

    def patch_model(self, entity: Entity) -> dict[str, Any]:
        """Any non-empty subset of the non-key attributes; null removes an optional one (and is stored in a
        required one that may be null, as PUT stores it)."""
        description = f"Attributes of a {entity.name} to change; null removes an optional attribute"
        if any(a.required and a.type.nullable for a in entity.non_key_attributes):
            description += " and is stored as null in a required one"
        return {
            "type": "object",
            "description": description + ".",
            "properties": {
                attribute.name: (
                    api_gateway_schema(attribute.schema)
                    if attribute.required
                    else nullable(api_gateway_schema(attribute.schema))
                )
                for attribute in entity.non_key_attributes
            },
            "minProperties": 1,
            "additionalProperties": False,
        }

    def page_model(self, entity: Entity) -> dict[str, Any]:
        return {
            "type": "object",
            "description": f"One page of {entity.name} items.",
            "properties": {
                "items": {"type": "array", "items": _ref(entity.name)},
                "next_cursor": {
                    "description": "Pass as `cursor` to get the next page; null on the last page.",
                    "anyOf": [{"type": "string"}, NULL],
                },
            },
            "required": ["items", "next_cursor"],
        }

    def error_model(self) -> dict[str, Any]:
        return {
            "type": "object",
            "description": "What went wrong.",
            "properties": {"message": {"type": "string"}},
            "required": ["message"],
        }

    # --- validators and the project's extension ----------------------------------------------------
    def validators(self) -> dict[str, Any]:
        """`all` for operations with a body, `params` for the others."""
        return {name: dict(flags) for name, flags in VALIDATORS.items()}

    def extension(self) -> dict[str, Any]:
        """The tables (with key schemas) and roles `serve` and `deploy` need; see `spec_compiler.document`."""
        tables: dict[str, Any] = {}
        for entity in self.api.entities:
            table = {"partitionKey": _key(entity.partition_key)}
            if entity.sort_key is not None:
                table["sortKey"] = _key(entity.sort_key)
            tables[entity.table] = table
        roles = {
            role.name: {"table": role.table, "access": role.access}
            for role in (
                operation_role(entity, op) for entity in self.api.entities for op in entity.operations
            )
        }
        extension: dict[str, Any] = {
            "tables": dict(sorted(tables.items())),
            "roles": dict(sorted(roles.items())),
        }
        if plans := self.usage_plans():
            extension["usagePlans"] = plans
        if cache := self.stage_cache():
            extension["cache"] = cache
        return extension

    def usage_plans(self) -> dict[str, Any]:
        """The usage plans and their API keys, which `deploy` creates and attaches to the stage."""
        plans: dict[str, Any] = {}
        for plan in self.api.usage_plans:
            spec: dict[str, Any] = {"apiKeys": list(plan.api_keys)}
            if plan.rate is not None or plan.burst is not None:
                spec["throttle"] = {
                    **({"rateLimit": plan.rate} if plan.rate is not None else {}),
                    **({"burstLimit": plan.burst} if plan.burst is not None else {}),
                }
            if plan.quota_limit is not None:
                spec["quota"] = {"limit": plan.quota_limit, "period": plan.quota_period}
            plans[plan.name] = spec
        return plans

    def stage_cache(self) -> dict[str, Any] | None:
        """The stage cache cluster and each cached method's TTL, keyed by path then method."""
        methods: dict[str, dict[str, Any]] = {}
        for entity in self.api.entities:
            for op in entity.operations:
                if access.cached(entity, op):
                    methods.setdefault(operation_path(entity, op), {})[METHODS[op].upper()] = {
                        "ttl": entity.cache_ttl
                    }
        if not methods:
            return None
        return {"clusterSize": self.api.cache_cluster_size, "methods": dict(sorted(methods.items()))}


def _path_shape(entity: Entity, path: str) -> str:
    """What one of an entity's paths addresses, for its OPTIONS operation's id: the resource, one
    partition (`query`) or one item."""
    depth = path.count("/") - 1
    if depth == 0:
        return "Collection"
    return "Item" if depth == len(path_keys(entity, "get")) else "Partition"


def _ref(model: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model}"}


def _key(key: Attribute) -> dict[str, str]:
    return {"name": key.name, "type": key.type.kind}
