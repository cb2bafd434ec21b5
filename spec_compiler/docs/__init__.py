"""`spec-compiler docs`: the API reference for callers, made from the document API Gateway runs.

`public_document` removes every internal (extensions, ARNs, roles, tables, templates) and keeps what helps a
reader; `publish` writes it with an offline Swagger UI page; `documentation_parts` gives the same prose to
API Gateway, so the deployed stage carries its documentation too.
"""

from spec_compiler.docs.parts import documentation_extension, documentation_parts, documentation_version
from spec_compiler.docs.public import PublicationError, public_document
from spec_compiler.docs.site import publish

__all__ = [
    "PublicationError",
    "documentation_extension",
    "documentation_parts",
    "documentation_version",
    "public_document",
    "publish",
]
