"""The one error a deploy step raises: which step failed, what AWS said, and what to do about it."""

from __future__ import annotations

from spec_compiler.errors import SpecCompilerError


class DeployError(SpecCompilerError):
    """A deploy step failed; `step` names it (tables, roles, api, stage, ...) so the user knows where."""

    exit_code = 3

    def __init__(self, step: str, problem: str, advice: str) -> None:
        self.step = step
        self.problem = problem
        self.advice = advice
        super().__init__(f"deploy step `{step}` failed: {problem} {advice}".strip())
