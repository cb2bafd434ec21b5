"""A parser for Velocity 1.7 templates, lexing as Velocity's own grammar does.

The whitespace rules follow Velocity 1.7's lexer: a directive's closing `)`, and `#else` / `#end`, swallow
the spaces and the one newline that follow them when nothing else is on that line; `#set` also swallows
the spaces and tabs in front of it when they start a new token (not when they trail ordinary text);
`##` comments swallow their newline. Backslashes escape a reference or a directive that follows them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from spec_compiler.vtl import nodes as n
from spec_compiler.vtl.errors import VtlError, position

_IDENT = re.compile(r"[a-zA-Z_][a-zA-Z0-9_-]*")
_WORD = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_DIRECTIVE = re.compile(r"#(?:\{([a-zA-Z_][a-zA-Z0-9_]*)\}|([a-zA-Z_][a-zA-Z0-9_]*))")
_SET_AHEAD = re.compile(r"[ \t]*#(?:set|\{set\}) *\(")
_EOL = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_TEXT = re.compile(r"[^$#\\]+")
_SPACE = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)")
# symbolic operators, two-character ones first; a word is an operator only if `_WORD_OPERATORS` has it
_OPERATOR = re.compile(r"==|!=|>=|<=|&&|\|\||[><!+\-*/%=]|([a-zA-Z_][a-zA-Z0-9_]*)")
_WORD_OPERATORS = {
    "and": "&&",
    "or": "||",
    "not": "!",
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "gt": ">",
    "le": "<=",
    "ge": ">=",
}
# binary operators by how loosely they bind (0 loosest), in either form
_LEVELS = (
    ("||", "or"),
    ("&&", "and"),
    ("==", "!=", "eq", "ne"),
    ("<", ">", "<=", ">=", "lt", "gt", "le", "ge"),
    ("+", "-"),
    ("*", "/", "%"),
)
_PRECEDENCE = {op: level for level, ops in enumerate(_LEVELS) for op in ops}
KNOWN_DIRECTIVES = frozenset(
    {
        "if",
        "elseif",
        "else",
        "end",
        "set",
        "foreach",
        "break",
        "stop",
        "macro",
        "evaluate",
        "define",
        "include",
        "parse",
        "literal",
    }
)


def parse(source: str) -> n.Parsed:
    """Parse a whole template; raises VtlError with the position of the first problem."""
    parser = _Parser(source)
    body, _ = parser.block(top=True)
    return n.Parsed(body, parser.macros)


class _Parser:
    def __init__(self, source: str, nested: bool = False) -> None:
        self.s = source
        self.nested = nested
        self.i = 0
        self.macros: dict[str, n.Macro] = {}
        # Velocity's lexer stays in its reference state after `$name` (not `${name}`) until it meets a
        # character that cannot continue a reference; a `#set` met in that state returns to it.
        self.reference_state_at = -1
        self.property_state = False
        self.token_start = 0
        self.closer_at = 0

    # ------------------------------------------------------------------ errors

    def error(self, message: str, offset: int | None = None) -> VtlError:
        if offset is None:
            # like Velocity, an unexpected end of the template is reported at its last character
            offset = min(self.i, max(0, len(self.s) - 1))
        line, column = position(self.s, offset)
        return VtlError(message, line, column)

    def unclosed(self, directive: str, start: int) -> VtlError:
        """Velocity reports an unclosed block at the end of the template; the message names its start."""
        line, column = position(self.s, start)
        return self.error(
            f"{directive} at line {line}, column {column} is never closed with #end", max(0, len(self.s) - 1)
        )

    def found(self) -> str:
        if self.i >= len(self.s):
            return "the end of the template"
        return repr(self.s[self.i : self.i + 10])

    # ------------------------------------------------------------------ template level

    def block(self, top: bool = False) -> tuple[list[Any], str | None]:
        """Nodes up to `#end`, `#else` or `#elseif` (returned as the closer) or the end of the template."""
        s = self.s
        out: list[Any] = []
        size = len(s)
        gobbled_from = -1
        while self.i < size:
            i = self.i
            c = s[i]
            if c == "$":
                ref = self.reference(i)
                if ref is None:
                    if not self.nested and (i + 1 == size or (i + 2 == size and s[i + 1] == "!")):
                        raise self.error(
                            "a '$' at the very end of the template (Velocity cannot lex it)", size
                        )
                    self.lone_dollar(out)
                else:
                    out.append(ref)
                    self.note_reference_end(ref, out)
            elif c == "[" and i == self.reference_state_at:
                raise self.error(
                    "'[' where Velocity 1.7 still reads the reference before it as an index",
                    i if i + 1 < size else size,
                )
            elif c == "#":
                self.token_start = gobbled_from if gobbled_from >= 0 else i
                gobbled_from = -1
                closer = self.hash(out)
                if closer is not None:
                    self.closer_at = i
                    if top:
                        raise self.error(f"#{closer} without an open #if, #foreach or #macro", i)
                    return out, closer
            elif c == "\\":
                self.backslashes(out)
            else:
                if (c == " " or c == "\t") and _SET_AHEAD.match(s, i):
                    gobbled_from = i
                    self.i = s.index("#", i)
                    continue
                m = _TEXT.match(s, i)
                _append_text(out, m.group())
                self.i = m.end()
        return out, None

    def backslashes(self, out: list[Any]) -> None:
        s = self.s
        start = self.i
        j = start
        while j < len(s) and s[j] == "\\":
            j += 1
        count = j - start
        if j < len(s) and s[j] == "$":
            ref = self.reference(j)
            if ref is not None:
                ref.escapes = count
                out.append(ref)
                self.note_reference_end(ref)
                return
        elif j < len(s) and s[j] == "#":
            m = _DIRECTIVE.match(s, j)
            if m and (m.group(1) or m.group(2)) in self._escapable():
                # an even run before #set prints whole (Velocity halves it only before other directives)
                whole = count % 2 == 0 and (m.group(1) or m.group(2)) == "set"
                _append_text(out, "\\" * (count if whole else count // 2))
                if count % 2:
                    _append_text(out, m.group())
                    self.i = m.end()
                else:
                    self.i = j
                return
        _append_text(out, "\\" * count)
        self.i = j

    def lone_dollar(self, out: list[Any]) -> None:
        """A `$` that starts no reference. Velocity's lexer drops it before `#if`, `#else`, `#elseif`,
        `#end`, `#set` and `#*`, keeps `$#stop` and `$#break` as text, and keeps it otherwise."""
        s = self.s
        after = self.i + 1
        if s.startswith("#", after):
            m = _DIRECTIVE.match(s, after)
            name = m and (m.group(1) or m.group(2))
            if name in ("if", "else", "elseif", "end", "set") or s.startswith("#*", after):
                self.i = after
                return
            if name in ("stop", "break"):
                _append_text(out, "$" + m.group())
                self.i = m.end()
                return
        elif _SET_AHEAD.match(s, after):
            self.i = after
            return
        _append_text(out, "$")
        self.i = after
        self.literal_backslashes(out)

    def literal_backslashes(self, out: list[Any]) -> None:
        """Right after a literal `$` or `#`, backslashes before a reference do not escape it."""
        s = self.s
        j = self.i
        while j < len(s) and s[j] == "\\":
            j += 1
        if j > self.i and s.startswith("$", j):
            _append_text(out, s[self.i : j])
            self.i = j

    def note_reference_end(self, ref: n.Reference, out: list[Any] | None = None) -> None:
        """Track where Velocity's lexer leaves its reference state; a `{` or `}` right after a reference
        (or a word right after a method call) is a token of its own, so a `#set` after it still
        swallows the spaces in front of it."""
        if ref.source.endswith("}"):
            return
        self.reference_state_at = self.i
        self.property_state = _ends_in_property(ref)
        if out is None:
            return
        s = self.s
        if s.startswith(("{", "}"), self.i):
            _append_text(out, s[self.i])
            self.i += 1
        elif ref.source.endswith(")") and (m := _IDENT.match(s, self.i)):
            _append_text(out, m.group())
            self.i = m.end()

    def lingering_reference(self, out: list[Any]) -> None:
        """After `$ref #set(...)` Velocity lexes on as if inside the reference: a `[` is a syntax error,
        and a word followed by `.name` or `[index]` modifiers prints only the word."""
        s = self.s
        if s.startswith("[", self.i):
            raise self.error(
                "'[' right after a #set that follows a reference (Velocity 1.7 cannot parse this)"
            )
        while True:
            m = _IDENT.match(s, self.i)
            if m is None:
                return
            _append_text(out, m.group())
            self.i = m.end()
            while True:
                if s.startswith("[", self.i):
                    self.i += 1
                    self.parameter()
                    self.skip_space()
                    if not s.startswith("]", self.i):
                        raise self.error(f"expected ']' after an index but found {self.found()}")
                    self.i += 1
                elif s.startswith(".", self.i) and _IDENT.match(s, self.i + 1):
                    self.i = _IDENT.match(s, self.i + 1).end()
                else:
                    break

    def _escapable(self) -> frozenset[str] | set[str]:
        return KNOWN_DIRECTIVES | set(self.macros) if self.macros else KNOWN_DIRECTIVES

    def hash(self, out: list[Any]) -> str | None:
        """Handles text starting with `#`; returns the name of a block closer it met."""
        s = self.s
        i = self.i
        in_reference_state = i == self.reference_state_at
        if s.startswith("##", i):
            if in_reference_state and self.property_state:
                _append_text(out, "##")  # after `$a.b` Velocity's lexer does not see a comment
                self.i = i + 2
                return None
            m = _EOL_OR_END.search(s, i)
            self.i = m.end()
            return None
        if s.startswith("#*", i):
            if i + 2 == len(s):
                raise self.error("a '#*' at the very end of the template (Velocity cannot lex it)", len(s))
            end = s.find("*#", i + 2)
            self.i = len(s) if end < 0 else end + 2  # an unclosed comment runs to the end
            if in_reference_state:
                self.reference_state_at = self.i
            return None
        if s.startswith("#[[", i):
            end = s.find("]]#", i + 3)
            if end < 0:
                raise self.error("a #[[ literal block is never closed with ]]#", i)
            _append_text(out, s[i + 3 : end])
            self.i = end + 3
            if in_reference_state:
                self.reference_state_at = self.i
            return None
        m = _DIRECTIVE.match(s, i)
        if m is None:
            if i + 1 == len(s) and not self.nested:
                raise self.error("a '#' at the very end of the template (Velocity cannot lex it)", len(s))
            run_end = i + 1
            while run_end < len(s) and s[run_end] == "\\":
                run_end += 1
            if run_end - i > 2 and not s.startswith("$", run_end):
                self.i = i + 1  # Velocity drops a '#' that stands before an escaped backslash
                return None
            _append_text(out, "#")
            self.i = i + 1
            self.literal_backslashes(out)
            return None
        name = m.group(1) or m.group(2)
        self.i = m.end()
        if name in ("end", "else"):
            self.eat_eol()
            return name
        if name == "elseif":
            return name
        if name == "set":
            if m.group(1) is None and not re.compile(r" *\(").match(s, self.i):
                _append_text(out, m.group())
                return None
            in_reference_state = self.token_start == self.reference_state_at
            out.append(self.set_directive(i))
            if in_reference_state:
                self.reference_state_at = self.i
                self.lingering_reference(out)
        elif name == "if":
            out.append(self.if_directive(i))
        elif name == "foreach":
            out.append(self.foreach_directive(i))
        elif name == "break":
            out.append(n.Break(i))
        elif name == "stop":
            out.append(n.Stop(i))
        elif name == "macro":
            self.macro_directive(i)
        elif name == "evaluate":
            args = self.directive_args(i, "#evaluate")
            if len(args) != 1:
                raise self.error("#evaluate takes one argument", i)
            out.append(n.Evaluate(args[0], i))
        elif name in self.macros and self.peek_paren():
            out.append(n.MacroCall(name, self.directive_args(i, "#" + name), i))
        elif name in ("define", "include", "parse", "literal"):
            raise self.error(f"#{name} is not available in API Gateway mapping templates", i)
        else:
            _append_text(out, m.group())
        return None

    def peek_paren(self) -> bool:
        m = _SPACE.match(self.s, self.i)
        return m.end() < len(self.s) and self.s[m.end()] == "("

    def eat_eol(self) -> None:
        m = _EOL.match(self.s, self.i)
        if m:
            self.i = m.end()

    def open_paren(self, directive: str) -> None:
        self.skip_space()
        if not self.s.startswith("(", self.i):
            raise self.error(f"{directive} must be followed by '(' but found {self.found()}")
        self.i += 1

    def close_paren(self, directive: str) -> None:
        self.skip_space()
        if not self.s.startswith(")", self.i):
            raise self.error(f"expected ')' to close {directive} but found {self.found()}")
        self.i += 1
        self.eat_eol()

    def set_directive(self, start: int) -> n.Set:
        self.open_paren("#set")
        self.skip_space()
        target = self.reference(self.i) if self.s.startswith("$", self.i) else None
        if target is None:
            raise self.error(f"#set needs a reference such as $name on its left but found {self.found()}")
        self.skip_space()
        if not self.s.startswith("=", self.i) or self.s.startswith("==", self.i):
            raise self.error(f"expected '=' in #set but found {self.found()}")
        self.i += 1
        value = self.expression()
        self.close_paren("#set")
        return n.Set(target, value, start)

    def if_directive(self, start: int) -> n.If:
        branches = []
        otherwise = None
        self.open_paren("#if")
        cond = self.expression()
        self.close_paren("#if")
        while True:
            body, closer = self.block()
            if closer is None:
                raise self.unclosed("#if", start)
            if otherwise is not None:
                otherwise = body
                if closer != "end":
                    raise self.error(f"#{closer} after #else; close the #if with #end first", self.closer_at)
                break
            branches.append((cond, body))
            if closer == "end":
                break
            if closer == "else":
                otherwise = []
                continue
            self.open_paren("#elseif")
            cond = self.expression()
            self.close_paren("#elseif")
        return n.If(branches, otherwise, start)

    def foreach_directive(self, start: int) -> n.Foreach:
        """`#foreach($item in $list)`; Velocity 1.7 accepts any word for `in` and any value as the
        variable (named by its text), and renders nothing when the list is left out."""
        self.open_paren("#foreach")
        var = self.parameter()
        name = var.root if type(var) is n.Reference and not var.steps else var.source
        self.skip_space()
        m = _WORD.match(self.s, self.i)
        if m is None:
            self.expression()  # two arguments and no `in`: Velocity renders nothing
            iterable = None
        else:
            self.i = m.end()
            self.skip_space()
            iterable = None if self.s.startswith(")", self.i) else self.expression()
        self.close_paren("#foreach")
        body, closer = self.block()
        if closer is None:
            raise self.unclosed("#foreach", start)
        if closer != "end":
            raise self.error(f"#{closer} inside #foreach", self.closer_at)
        return n.Foreach(name, iterable, body, start)

    def macro_directive(self, start: int) -> None:
        self.open_paren("#macro")
        self.skip_space()
        m = _WORD.match(self.s, self.i)
        if m is None:
            raise self.error(f"#macro needs a name but found {self.found()}")
        name = m.group()
        self.i = m.end()
        params = []
        while True:
            self.skip_space()
            if self.s.startswith(",", self.i):
                self.i += 1
                continue
            if self.s.startswith(")", self.i):
                break
            ref = self.reference(self.i) if self.s.startswith("$", self.i) else None
            if ref is None or ref.steps:
                raise self.error(f"expected a parameter such as $arg in #macro but found {self.found()}")
            params.append(ref.root)
        self.close_paren("#macro")
        self.macros[name] = n.Macro(name, params, [], start)
        body, closer = self.block()
        if closer != "end":
            raise self.unclosed("#macro", start)
        self.macros[name].body = body

    def directive_args(self, start: int, directive: str) -> list[Any]:
        self.open_paren(directive)
        args = []
        while True:
            self.skip_space()
            if self.s.startswith(",", self.i):
                self.i += 1
                continue
            if self.s.startswith(")", self.i):
                break
            args.append(self.parameter())
        self.close_paren(directive)
        return args

    # ------------------------------------------------------------------ references

    def reference(self, start: int) -> n.Reference | None:
        """`$name...` at `start`, or None when the `$` does not begin a reference (it is then text)."""
        s = self.s
        j = start + 1
        if j < len(s) and s[j] == "!":
            j += 1
        formal = j < len(s) and s[j] == "{"
        if formal:
            j += 1
        m = _IDENT.match(s, j)
        if m is None:
            return None
        root = m.group()
        self.i = m.end()
        steps = self.modifiers()
        if formal:
            if not s.startswith("}", self.i):
                raise self.error(f"expected '}}' to close ${{{root}... but found {self.found()}")
            self.i += 1
        return n.Reference(root, steps, s[start : self.i], start)

    def modifiers(self) -> list[Any]:
        s = self.s
        steps: list[Any] = []
        while self.i < len(s):
            c = s[self.i]
            if c == ".":
                m = _IDENT.match(s, self.i + 1)
                if m is None:
                    break
                if s.startswith("(", m.end()):
                    call_at = self.i
                    self.i = m.end() + 1
                    steps.append(n.Call(m.group(), self.arguments(")"), call_at))
                else:
                    steps.append(n.Property(m.group()))
                    self.i = m.end()
            elif c == "[":
                at = self.i
                after = _SPACE.match(s, self.i + 1).end()
                if after >= len(s) or not _PARAMETER_START.match(s, after):
                    break  # `[` that cannot open an index is text after the reference
                self.i = after
                key = self.parameter()
                self.skip_space()
                if not s.startswith("]", self.i):
                    raise self.error(f"expected ']' after an index but found {self.found()}")
                self.i += 1
                steps.append(n.Index(key, at))
            else:
                break
        return steps

    def arguments(self, closer: str) -> list[Any]:
        args: list[Any] = []
        self.skip_space()
        if self.s.startswith(closer, self.i):
            self.i += 1
            return args
        while True:
            args.append(self.parameter())  # which skips the spaces before it
            self.skip_space()
            if self.s.startswith(",", self.i):
                self.i += 1
                continue
            if self.s.startswith(closer, self.i):
                self.i += 1
                return args
            raise self.error(f"expected ',' or '{closer}' in an argument list but found {self.found()}")

    # ------------------------------------------------------------------ expressions

    def skip_space(self) -> None:
        self.i = _SPACE.match(self.s, self.i).end()

    def operator(self) -> str | None:
        """The operator at the cursor (symbolic or word form), without consuming it."""
        s = self.s
        i = self.i = _SPACE.match(s, self.i).end()
        m = _OPERATOR.match(s, i)
        if m is None:
            return None
        op = m.group()
        if m.lastindex is None:
            if op == "-" and i + 1 < len(s) and s[i + 1].isdigit():
                return None  # Velocity lexes "-2" as a number, so "5-2" is two numbers in a row
            return op
        return op if op in _WORD_OPERATORS else None

    def take(self, op: str) -> None:
        self.i += len(op)

    def expression(self) -> Any:
        return self.binary(0)

    def binary(self, level: int) -> Any:
        """Operators of `_LEVELS[level]` or tighter, left-associative. Precedence climbing: the operator
        after each operand is read once, not once per level. A node's source ends after the spaces that
        follow its right operand, as Velocity prints a null operand's source text."""
        start = _SPACE.match(self.s, self.i).end()
        left = self.unary()
        while True:
            op = self.operator()
            op_level = _PRECEDENCE.get(op)
            if op_level is None or op_level < level:
                return left
            at = self.i
            self.take(op)
            right = self.binary(op_level + 1)
            left = n.Binary(_WORD_OPERATORS.get(op, op), left, right, self.s[start : self.i], at)

    def unary(self) -> Any:
        op = self.operator()
        if op in ("!", "not"):
            start = self.i
            self.take(op)
            operand = self.unary()
            return n.Not(operand, self.s[start : self.i], start)
        return self.primary()

    def primary(self) -> Any:
        """Called by `unary` only, with the cursor already past spaces (`operator` skipped them)."""
        if self.s.startswith("(", self.i):
            self.i += 1
            inner = self.expression()
            self.skip_space()
            if not self.s.startswith(")", self.i):
                raise self.error(f"expected ')' but found {self.found()}")
            self.i += 1
            return inner
        return self.parameter()

    def parameter(self) -> Any:
        """A value: literal, reference, list, map or range (what Velocity allows as a method argument)."""
        self.skip_space()
        s, i = self.s, self.i
        if i >= len(s):
            raise self.error("unexpected end of the template inside a directive or argument list")
        c = s[i]
        if c == "\\":  # inside an index Velocity reads `\$x` as `$x`
            while i < len(s) and s[i] == "\\":
                i += 1
            if not s.startswith("$", i):
                raise self.error(f"expected a value but found {self.found()}")
            self.i, c = i, "$"
        if c == "$":
            ref = self.reference(i)
            if ref is None:
                raise self.error(f"expected a reference but found {self.found()}")
            return ref
        if c == '"' or c == "'":
            return self.string_literal()
        if c == "[":
            return self.list_or_range()
        if c == "{":
            return self.map_literal()
        m = _NUMBER.match(s, i)
        if m:
            self.i = m.end()
            return n.Literal(_number(m.group()), m.group(), i)
        m = _WORD.match(s, i)
        if m and m.group() in ("true", "false"):
            self.i = m.end()
            return n.Literal(m.group() == "true", m.group(), i)
        raise self.error(f"expected a value but found {self.found()}")

    def string_literal(self) -> Any:
        s, start = self.s, self.i
        quote = s[start]
        j = start + 1
        parts = []
        while True:
            k = s.find(quote, j)
            if k < 0:
                line, column = position(s, start)
                message = f"the string literal at line {line}, column {column} is never closed"
                raise self.error(message, len(s))
            parts.append(s[j:k])
            if s.startswith(quote, k + 1):
                parts.append(quote)
                j = k + 2
                continue
            j = k + 1
            break
        self.i = j
        text = "".join(parts)
        source = s[start:j]
        if quote == '"' and ("$" in text or "#" in text):
            inner = _Parser(text, nested=True)
            inner.macros = self.macros
            try:
                body, _ = inner.block(top=True)
            except VtlError as exc:
                raise self.error(f"in the string literal {source}: {exc.message}", start) from None
            return n.Interpolated(body, source, start)
        return n.Literal(text, source, start)

    def list_or_range(self) -> Any:
        s, start = self.s, self.i
        self.i += 1
        self.skip_space()
        if s.startswith("]", self.i):
            self.i += 1
            return n.ListLiteral([], s[start : self.i], start)
        first = self.parameter()
        self.skip_space()
        if s.startswith("..", self.i):
            self.i += 2
            end = self.parameter()
            self.skip_space()
            if not s.startswith("]", self.i):
                raise self.error(f"expected ']' to close a range but found {self.found()}")
            self.i += 1
            return n.Range(first, end, s[start : self.i], start)
        items = [first]
        while True:
            self.skip_space()
            if s.startswith("]", self.i):
                self.i += 1
                return n.ListLiteral(items, s[start : self.i], start)
            if not s.startswith(",", self.i):
                raise self.error(f"expected ',' or ']' in a list but found {self.found()}")
            self.i += 1
            items.append(self.parameter())

    def map_literal(self) -> Any:
        s, start = self.s, self.i
        self.i += 1
        pairs = []
        self.skip_space()
        if s.startswith("}", self.i):
            self.i += 1
            return n.MapLiteral(pairs, s[start : self.i], start)
        while True:
            key = self.parameter()
            self.skip_space()
            if not s.startswith(":", self.i):
                raise self.error(f"expected ':' in a map but found {self.found()}")
            self.i += 1
            value = self.parameter()
            pairs.append((key, value))
            self.skip_space()
            if s.startswith("}", self.i):
                self.i += 1
                return n.MapLiteral(pairs, s[start : self.i], start)
            if not s.startswith(",", self.i):
                raise self.error(f"expected ',' or '}}' in a map but found {self.found()}")
            self.i += 1
            self.skip_space()


_EOL_OR_END = re.compile(r"\r\n|\n|\r|\Z")
_PARAMETER_START = re.compile(r"\\*\$|[\"'\[{0-9-]|true\b|false\b")


def _is_word_char(s: str, i: int) -> bool:
    return i < len(s) and (s[i].isalnum() or s[i] == "_")


def _append_text(out: list[Any], text: str) -> None:
    if not text:
        return
    if out and type(out[-1]) is n.Text:
        out[-1] = n.Text(out[-1].text + text)
    else:
        out.append(n.Text(text))


def _number(text: str) -> Any:
    """Velocity's literal types: Integer, Long or BigInteger for whole numbers, Double otherwise."""
    if "." in text or "e" in text or "E" in text:
        value = float(text)
        if value in (float("inf"), float("-inf")):
            return Decimal(text)
        return value
    return int(text)


def _ends_in_property(ref: n.Reference) -> bool:
    return bool(ref.steps) and type(ref.steps[-1]) is n.Property and not ref.source.endswith("}")
