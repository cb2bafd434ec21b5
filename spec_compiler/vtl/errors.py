"""The one exception the mapping-template runtime raises."""

from spec_compiler.errors import SpecCompilerError


class VtlError(SpecCompilerError):
    """A template that cannot be parsed or rendered; names the line and column (1-based) and what failed."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(f"mapping template error at line {line}, column {column}: {message}")


_TAB_SIZE = 8


def position(source: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a character offset, counted as Velocity's JavaCC lexer counts them:
    `\r`, `\n` and `\r\n` end a line, a tab advances the column to the next multiple of 8, and a character
    outside the BMP takes two columns."""
    line, column = 1, 0
    after_cr = after_lf = False
    for c in source[: offset + 1]:
        column += 2 if c > "\uffff" else 1  # Java counts UTF-16 units: an emoji is two columns
        if after_lf:
            after_lf = False
            line, column = line + 1, 1
        elif after_cr:
            after_cr = False
            if c == "\n":
                after_lf = True
            else:
                line, column = line + 1, 1
        if c == "\r":
            after_cr = True
        elif c == "\n":
            after_lf = True
        elif c == "\t":
            column -= 1
            column += _TAB_SIZE - (column % _TAB_SIZE)
    if offset >= len(source):  # one past the end: the column after the last character
        column += offset - len(source) + 1
    return line, column
