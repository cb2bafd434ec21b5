"""What must never reach a published document, and a scan that finds it.

The public document is made by removing API Gateway's extensions and the project's own; this module is the
second, independent line of defence: it learns every table and role name from the source document (from
the `x-spec-compiler` extension and from the integrations themselves) and then walks every key and every
string of what is about to be published, looking for those names, ARNs, account ids, `${AWS::...}`
variables and mapping-template syntax. Anything found stops publication.

A table name that is also a segment of one of the API's public paths (a table `movies` served at
`/movies`, a common and legitimate choice) is not a secret: every caller already reads it in the URL, so
it is not searched for. Everything else stays forbidden everywhere, for such a table too: ARNs naming it,
templates, role names, `${AWS::...}` and the extensions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from spec_compiler.document import EXTENSION, operations

GATEWAY_EXTENSION_PREFIX = "x-amazon-apigateway-"

# Characters that can be part of a DynamoDB table name or an IAM role name: a name only counts as found
# when it is not part of a longer token.
_NAME_CHARACTERS = r"A-Za-z0-9_.\-+=,@"
# A full stop or comma followed by anything but a name character ends a name, as in a sentence.
_NAME_END = r"(?![A-Za-z0-9_\-+=@]|[.,][A-Za-z0-9_\-+=@])"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an ARN", re.compile(r"(?<![A-Za-z0-9])arn:")),
    ("an AWS variable", re.compile(r"\$\{AWS::")),
    ("an AWS account id", re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")),
    ("mapping-template syntax", re.compile(r"\$!?\{?(input|util|context|stageVariables)\b")),
    ("mapping-template syntax", re.compile(r"#(set|foreach|if|elseif)\s*\(")),
    ("a DynamoDB action", re.compile(r"dynamodb:action", re.IGNORECASE)),
)

_ROLE_IN_ARN = re.compile(r":role/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)")
# A path parameter segment `{name}` or `{proxy+}` publishes the parameter's name.
_PATH_PARAMETER = re.compile(r"^\{(.+?)\+?\}$")
_TABLE_IN_TEMPLATE = re.compile(r'"TableName"\s*:\s*"([^"$]+)"')


@dataclass(frozen=True)
class Finding:
    """One internal detail found in a document: where (a JSON pointer) and what it is."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where or '/'}: {self.what}"


@dataclass(frozen=True)
class Internals:
    """The names a published document must not contain, learned from the document API Gateway runs."""

    names: tuple[tuple[str, str], ...]  # (name, what it is), e.g. ("favorite_movies", "table name")

    @classmethod
    def of(cls, document: dict[str, Any]) -> Internals:
        """Collect table and role names from the project's extension and from every integration."""
        found: dict[str, str] = {}
        extension = document.get(EXTENSION)
        if isinstance(extension, dict):
            for table in extension.get("tables") or {}:
                found.setdefault(str(table), "table name")
            for role, spec in (extension.get("roles") or {}).items():
                found.setdefault(str(role), "role name")
                if isinstance(spec, dict) and spec.get("table"):
                    found.setdefault(str(spec["table"]), "table name")
        for operation in operations(document):
            integration = operation.integration or {}
            credentials = integration.get("credentials")
            if isinstance(credentials, str):
                for role in _ROLE_IN_ARN.findall(credentials):
                    found.setdefault(role, "role name")
            for text in _strings(integration.get("requestTemplates") or {}):
                for table in _TABLE_IN_TEMPLATE.findall(text):
                    found.setdefault(table, "table name")
        public = public_path_segments(document)
        secret = {name: what for name, what in found.items() if not (what == "table name" and name in public)}
        return cls(names=tuple(sorted(secret.items())))

    def find(self, document: Any) -> list[Finding]:
        """Every internal detail in `document`, looking at every key and every string at any depth."""
        name_patterns = [
            (what, name, re.compile(rf"(?<![{_NAME_CHARACTERS}]){re.escape(name)}{_NAME_END}"))
            for name, what in self.names
        ]
        findings: list[Finding] = []
        for pointer, text, is_key in _walk(document, ""):
            if is_key and (text.startswith(GATEWAY_EXTENSION_PREFIX) or text == EXTENSION):
                findings.append(Finding(pointer, f"the extension {text!r}"))
            for what, pattern in _PATTERNS:
                if pattern.search(text):
                    findings.append(Finding(pointer, f"{what} in {_excerpt(text)!r}"))
            for what, name, pattern in name_patterns:
                if pattern.search(text):
                    findings.append(Finding(pointer, f"the {what} {name!r} in {_excerpt(text)!r}"))
        return findings


def public_path_segments(document: dict[str, Any]) -> frozenset[str]:
    """Every segment of every path the API serves, a path parameter's name included: all public."""
    segments = set()
    for path in document.get("paths") or {}:
        for segment in str(path).split("/"):
            parameter = _PATH_PARAMETER.match(segment)
            segments.add(parameter.group(1) if parameter else segment)
    segments.discard("")
    return frozenset(segments)


def _walk(value: Any, pointer: str) -> Iterator[tuple[str, str, bool]]:
    """Yield (JSON pointer, text, is_key) for every key and every string under `value`."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{pointer}/{_escape(str(key))}"
            yield child, str(key), True
            yield from _walk(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{pointer}/{index}")
    elif isinstance(value, str):
        yield pointer, value, False


def _strings(value: Any) -> Iterator[str]:
    for _, text, is_key in _walk(value, ""):
        if not is_key:
            yield text


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
