"""The README shows real output: its excerpt of the generated document is in the committed document."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
EXCERPT = re.compile(r"An excerpt of what\s+`build` generates[^\n]*\n\n```yaml\n(.*?)```", re.DOTALL)


def test_the_generated_excerpt_is_in_the_committed_document() -> None:
    match = EXCERPT.search((ROOT / "README.md").read_text())
    assert match, "the README no longer introduces its excerpt of the generated document"
    assert match.group(1) in (ROOT / "openapi.generated.yaml").read_text()
