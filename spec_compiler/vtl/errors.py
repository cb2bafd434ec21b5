"""The one exception the mapping-template runtime raises."""

from spec_compiler.errors import SpecCompilerError


class VtlError(SpecCompilerError):
    """A template that cannot be parsed or rendered; names the line and column (1-based) and what failed."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(f"mapping template error at line {line}, column {column}: {message}")


def position(source: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a character offset, counting lines as Velocity does."""
    line = source.count("\n", 0, offset) + 1
    start = source.rfind("\n", 0, offset) + 1
    return line, offset - start + 1
