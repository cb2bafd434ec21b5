"""The error messages an operation really sends, read from its integration's response templates.

The compiler writes each error body as fixed text, `{"message": "..."}`, sometimes right after the
`#set($context.responseOverride.status = N)` that picks its status. Shown as examples of the error
responses, they tell a reader what a 404 or a 409 says instead of Swagger UI's `"string"`. Messages built
from VTL (with `$` in them) are left out: only fixed text is quoted.
"""

from __future__ import annotations

import re
from typing import Any

_MESSAGE = re.compile(
    r'(?:#set\(\$context\.responseOverride\.status\s*=\s*(\d{3})\)\s*)?\{"message":\s*"([^"$#\\]*)"\}'
)


def error_messages(integration: dict[str, Any]) -> dict[str, list[str]]:
    """Status code -> the fixed messages the integration's response templates send with it, in order."""
    messages: dict[str, list[str]] = {}
    for response in (integration.get("responses") or {}).values():
        template = (response.get("responseTemplates") or {}).get("application/json")
        if not isinstance(template, str):
            continue
        for match in _MESSAGE.finditer(template):
            status = match.group(1) or str(response.get("statusCode"))
            known = messages.setdefault(status, [])
            if match.group(2) not in known:
                known.append(match.group(2))
    return messages
