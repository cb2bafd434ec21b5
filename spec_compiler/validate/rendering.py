"""Every mapping template rendered with the project's VTL runtime on sample input.

A request template must render valid JSON that names a table the document's extension describes, with
credentials of a role for that table. A response template must render valid JSON (nothing, for a status
declared without content) and answer only statuses the operation declares. Each distinct template is
compiled once and each (template, input) pair rendered once, so error templates shared by every
operation cost nothing after the first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterator
from typing import Any

from spec_compiler.document import EXTENSION, INTEGRATION, operations
from spec_compiler.validate.problems import Problem, pointer
from spec_compiler.validate.samples import attribute_value, dynamodb_answers, instance, resolve
from spec_compiler.validate.shapes import kind, mapping, sequence
from spec_compiler.vtl import Template, VtlError
from spec_compiler.vtl.template import RenderResult

_ACTION = re.compile(r":dynamodb:action/([A-Za-z]+)$")
_READ_ACTIONS = {"GetItem", "Query", "Scan", "BatchGetItem"}
_PATH_PARAMETER = re.compile(r"\{([^}/+]+)\+?\}")
# A table name in template text. Its characters cannot end a JSON or VTL string nor start a reference or
# a directive, so replacing it by another such name changes nothing else in the rendering: entities that
# differ only by their table share one compiled template. The name is put back after rendering.
_TABLE_LITERAL = re.compile(r'"TableName": "([A-Za-z0-9_.-]{1,255})"')
_TABLE_PLACEHOLDER = '"TableName": "table"'


class Renderer:
    """Compiles each distinct template once and renders each (template, input) pair once; also keeps,
    for one validation, what every operation would otherwise remake: the canonical form of each
    template, the sample items made from the document's models (by model identity), the DynamoDB
    answers made from them, and whether each rendered output is JSON."""

    def __init__(self) -> None:
        self._templates: dict[str, Template | VtlError] = {}
        self._results: dict[tuple[str, Hashable], RenderResult | VtlError] = {}
        self._canonical: dict[str, tuple[str, str | None]] = {}
        self._json_errors: dict[str, str | None] = {}
        self.answers: dict[tuple[str] | tuple[str, int], list[str]] = {}
        self.items: dict[int, dict[str, Any]] = {}
        self.key_names: list[str] | None = None

    def render(self, source: str, inputs: dict[str, Any], key: Hashable) -> RenderResult:
        """The rendering of `source` on `inputs`; `key` stands for the inputs (equal keys, equal inputs)."""
        cache_key = (source, key)
        if cache_key not in self._results:
            try:
                self._results[cache_key] = self._template(source).render(**inputs)
            except VtlError as error:
                self._results[cache_key] = error
        result = self._results[cache_key]
        if isinstance(result, VtlError):
            raise result
        return result

    def canonical(self, template: str) -> tuple[str, str | None]:
        """`canonical_table(template)` and the table name it replaced (None when there is none)."""
        if template not in self._canonical:
            literal = _TABLE_LITERAL.search(template)
            self._canonical[template] = (
                (template, None) if literal is None else (canonical_table(template), literal.group(1))
            )
        return self._canonical[template]

    def json_error(self, output: str) -> str | None:
        """Why `output` is not JSON (None when it is)."""
        if output not in self._json_errors:
            try:
                json.loads(output)
                self._json_errors[output] = None
            except ValueError as error:
                self._json_errors[output] = str(error)
        return self._json_errors[output]

    def _template(self, source: str) -> Template:
        if source not in self._templates:
            try:
                self._templates[source] = Template(source)
            except VtlError as error:
                self._templates[source] = error
            except RecursionError:
                self._templates[source] = VtlError("the template is nested too deeply to parse")
        template = self._templates[source]
        if isinstance(template, VtlError):
            raise template
        return template


def rendering_problems(document: dict[str, Any], renderer: Renderer | None = None) -> Iterator[Problem]:
    renderer = renderer or Renderer()
    extension = mapping(document.get(EXTENSION))
    for operation in operations(document):
        integration = operation.integration
        if not isinstance(integration, dict):
            continue
        where = ("paths", operation.path, operation.method, INTEGRATION)
        yield from _request_problems(document, extension, operation, integration, where, renderer)
        yield from _response_problems(document, extension, operation, integration, where, renderer)


def _request_inputs(document: dict[str, Any], operation: Any) -> list[dict[str, Any]]:
    """The path parameters, query strings and body a request template is rendered with."""
    parameters = [resolve(parameter, document) for parameter in sequence(operation.spec.get("parameters"))]
    path = {name: "sample" for name in _PATH_PARAMETER.findall(str(operation.path))}
    query: dict[str, str] = {}
    for parameter in parameters:
        name = parameter.get("name", "")
        if not isinstance(name, str):
            continue
        value = instance(parameter.get("schema", {}), document)
        text = json.dumps(value, default=str) if not isinstance(value, str) else value
        if parameter.get("in") == "path":
            path[name] = text
        elif parameter.get("in") == "query":
            query[name] = text
    body = ""
    content = mapping(mapping(operation.spec.get("requestBody")).get("content")).get("application/json")
    if isinstance(content, dict) and "schema" in content:
        body = json.dumps(instance(content["schema"], document), default=str)
    inputs = [{"path": path, "body": body}]
    if query:
        inputs.append({"path": path, "querystring": query, "body": body})
    return inputs


def canonical_table(template: str) -> str:
    """The template with its table name replaced by a placeholder (see `_TABLE_LITERAL`)."""
    return _TABLE_LITERAL.sub(_TABLE_PLACEHOLDER, template)


def _request_problems(document, extension, operation, integration, where, renderer) -> Iterator[Problem]:
    action_match = _ACTION.search(str(integration.get("uri", "")))
    for content_type, template in mapping(integration.get("requestTemplates")).items():
        source, table = renderer.canonical(str(template))
        for inputs in _request_inputs(document, operation):
            try:
                output = renderer.render(source, inputs, json.dumps(inputs, sort_keys=True)).output
            except VtlError as error:
                yield Problem(
                    pointer(*where, "requestTemplates", content_type), f"cannot be rendered: {error}"
                )
                break
            try:
                request = json.loads(output)
            except ValueError as error:
                yield Problem(
                    pointer(*where, "requestTemplates", content_type),
                    f"renders invalid JSON on sample input ({error}): {output[:200]!r}",
                )
                break
            if table is not None and isinstance(request, dict) and request.get("TableName") == "table":
                request["TableName"] = table
            if action_match:
                at = pointer(*where, "requestTemplates", content_type)
                yield from _dynamodb_request_problems(
                    extension, integration, action_match.group(1), request, at
                )
                break


def _dynamodb_request_problems(extension, integration, action, request, at) -> Iterator[Problem]:
    """The request names a described table, and the integration's role is the one for that table."""
    table = request.get("TableName") if isinstance(request, dict) else None
    tables = mapping(extension.get("tables"))
    roles = mapping(extension.get("roles"))
    if not isinstance(table, str):
        yield Problem(at, f"renders a {action} request without a TableName")
        return
    if tables and table not in tables:
        yield Problem(at, f"names table {table!r}, which {EXTENSION}.tables does not describe")
    role = str(integration.get("credentials", "")).rpartition(":role/")[2]
    described = roles.get(role)
    access = "read" if action in _READ_ACTIONS else "write"
    if roles and not isinstance(described, dict):
        yield Problem(at, f"runs as role {role!r}, which {EXTENSION}.roles does not describe")
    elif roles and (described.get("table") != table or described.get("access") != access):
        yield Problem(at, f"runs a {action} on {table!r} as role {role!r}, which is not its {access} role")


def _response_problems(document, extension, operation, integration, where, renderer) -> Iterator[Problem]:
    responses = mapping(operation.spec.get("responses"))
    declared = {str(status): response for status, response in responses.items()}
    action_match = _ACTION.search(str(integration.get("uri", "")))
    action = action_match.group(1) if action_match else ""
    item, key = _stored_samples(document, extension, declared, renderer)
    for selection, response in mapping(integration.get("responses")).items():
        if not isinstance(response, dict):
            continue
        status = str(response.get("statusCode", ""))
        for content_type, template in mapping(response.get("responseTemplates")).items():
            for answer in _answers(renderer, action, str(selection), item, key):
                message = _check_response(renderer, str(template), answer, status, declared)
                if message is not None:
                    yield Problem(
                        pointer(*where, "responses", selection, "responseTemplates", content_type), message
                    )
                    break


def _answers(
    renderer: Renderer, action: str, selection: str, item: dict[str, Any], key: dict[str, Any]
) -> list[str]:
    """`dynamodb_answers`, made once per validation: error answers depend only on the selection's
    first digit, others on the action and the item (the key follows from the item)."""
    cache_key = (selection[0],) if selection.startswith(("4", "5")) else (action, id(item))
    if cache_key not in renderer.answers:
        renderer.answers[cache_key] = dynamodb_answers(action, selection, item, key)
    return renderer.answers[cache_key]


def _check_response(renderer, template, answer, status, declared) -> str | None:
    """What is wrong with the rendering of a response template on one answer (None when nothing)."""
    try:
        result = renderer.render(template, {"body": answer}, ("body", answer))
    except VtlError as error:
        return f"cannot be rendered: {error}"
    answered = str(result.response_override.get("status") or status)
    if answered not in declared:
        return f"answers {answered} for {answer[:120]}, which the operation's responses do not declare"
    has_content = bool(mapping(declared[answered]).get("content"))
    if not has_content:
        if result.output.strip():
            return f"renders a body for {answered}, which is declared without content"
        return None
    error = renderer.json_error(result.output)
    if error is not None:
        return f"renders invalid JSON for {answer[:120]} ({error}): {result.output[:200]!r}"
    return None


def _stored_samples(document, extension, declared, renderer) -> tuple[dict[str, Any], dict[str, Any]]:
    """A stored item shaped like the operation's item model, and its key as LastEvaluatedKey."""
    schema: dict[str, Any] = {}
    for status in sorted(declared):
        if status.startswith("2"):
            content = mapping(mapping(declared[status]).get("content")).get("application/json")
            schema = resolve(mapping(content).get("schema", {}), document)
            break
    items = resolve(mapping(schema.get("properties")).get("items", {}), document)
    if items.get("type") == "array":
        schema = resolve(items.get("items", {}), document)
    if id(schema) not in renderer.items:
        renderer.items[id(schema)] = attribute_value(schema, document).get("M", {}) if schema else {}
    item = renderer.items[id(schema)]
    if renderer.key_names is None:
        renderer.key_names = _key_names(extension)
    return item, {name: item[name] for name in renderer.key_names if name in item}


def _key_names(extension: dict[str, Any]) -> list[str]:
    """Every key attribute name of the described tables."""
    names = []
    for table in mapping(extension.get("tables")).values():
        for role in ("partitionKey", "sortKey"):
            name = mapping(mapping(table).get(role)).get("name")
            if isinstance(name, str) and name and name not in names:
                names.append(name)
    return names


def extension_problems(document: dict[str, Any]) -> Iterator[Problem]:
    """What the request checks read from the project's extension is there: tables by name, each with a
    partition key name; roles by name, each naming a table and an access."""
    extension = document.get(EXTENSION, {})
    if not isinstance(extension, dict):
        yield _malformed((EXTENSION,), f"is {kind(extension)}, not a mapping of tables and roles")
        return
    for section in ("tables", "roles"):
        described = extension.get(section, {})
        if not isinstance(described, dict):
            yield _malformed((EXTENSION, section), f"is {kind(described)}, not a mapping by name")
            continue
        for name, spec in described.items():
            at = (EXTENSION, section, name)
            if not isinstance(spec, dict):
                yield _malformed(at, f"is {kind(spec)}, not a mapping")
            elif section == "roles":
                for field in ("table", "access"):
                    if not isinstance(spec.get(field), str):
                        yield _malformed((*at, field), f"needs `{field}` (a string)")
            else:
                for role in ("partitionKey", "sortKey"):
                    key = spec.get(role)
                    named = isinstance(mapping(key).get("name"), str)
                    if not named and (key is not None or role == "partitionKey"):
                        yield _malformed((*at, role), f"needs `{role}` with a `name` (a string)")


def _malformed(where: tuple, what: str) -> Problem:
    return Problem(pointer(*where), f"{what}; rebuild the document with `spec-compiler build`")
