"""Writing the document: deterministic YAML under a header that says it is generated, written atomically.

The same document always gives the same bytes: keys keep the generator's (sorted or fixed) order, no YAML
anchors, no line folding, templates as literal blocks. The file is replaced with `os.replace` from a
temporary file in the same folder, so readers see the old or the new document, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _DocumentDumper(_Dumper):  # type: ignore[misc, valid-type]
    """Safe YAML, block style, no anchors, no line folding."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Multi-line strings, and strings with both kinds of quote (templates), read best as literal blocks."""
    style = "|" if "\n" in value or ("'" in value and '"' in value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_DocumentDumper.add_representer(str, _represent_str)


def render_yaml(document: dict[str, Any], header: str) -> str:
    """The document as YAML text, preceded by `header` as `#` comment lines."""
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    body = yaml.dump(
        document,
        Dumper=_DocumentDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=1_000_000,
        indent=2,
    )
    return comments + body


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step; on any failure the previous file is left as it was."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    """What `open(path, "w")` would give: 0o666 minus the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
