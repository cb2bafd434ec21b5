"""A parser for Velocity 1.7 templates, lexing as Velocity's own grammar does.

The whitespace rules follow Velocity 1.7's lexer: a directive's closing `)`, and `#else` / `#end`, swallow
the spaces and the one newline that follow them when nothing else is on that line; `#set` also swallows
the spaces and tabs in front of it when they start a new token (not when they trail ordinary text);
`##` comments swallow their newline. Backslashes escape a reference or a directive that follows them.

Speed matters (`validate` parses every template of a document), so the commonest shapes are each read by
one regex match rather than character by character: a `.name(...)` step with at most two simple arguments,
a `#set` whose target is a bare `$name`, an expression that is one literal or reference before its `)`,
a list of plain strings.
Any other text falls through to the general path, which builds the same tree (scripts/diff_vtl_parser.py
checks this against an older parser). An interpolated string is parsed once per text: its nodes count
offsets from the string's start, so they do not depend on where the string stands.
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
# plain text; or (group 1) the spaces and tabs before a `#set`, which it swallows when they start a token
_TEXT = re.compile(r"([ \t]+)(?=#(?:set|\{set\}) *\()|[^$#\\]+")
_SPACE = re.compile(r"[ \t\r\n]*")
_SPACES = frozenset(" \t\r\n")  # `s[i : i + 1] in _SPACES`: a space at i (not true past the end)
_REFERENCE_HEAD = re.compile(r"\$!?(\{?)([a-zA-Z_][a-zA-Z0-9_-]*)")  # `${` in group 1, the name in 2
# `.name`, or `.name(` of a call. The commonest argument lists, of at most two simple arguments (a bare
# `$name`, a string without a doubled quote and, in "double quotes", without `$` or `#`), are read in the
# same match: then group 5 has the `)`, and groups 3 and 4 the arguments.
# (`*+` is possessive: it never gives back, which saves the regex engine's time where giving back could
# never lead to a match)
_SIMPLE_ARGUMENT = r"""('[^']*+'|"[^"$#]*+"|\$[a-zA-Z_][a-zA-Z0-9_-]*+)[ \t\r\n]*+"""
_STEP = re.compile(
    rf"\.([a-zA-Z_][a-zA-Z0-9_-]*+)"
    rf"(?:(\()(?:[ \t\r\n]*+(?:{_SIMPLE_ARGUMENT}(?:,[ \t\r\n]*+{_SIMPLE_ARGUMENT})?)?(\)))?)?"
)
_PAREN_AHEAD = re.compile(r" *\(")
# `($name =` opening a #set whose target is a bare `$name`, the commonest
_SET_PLAIN_TARGET = re.compile(r"[ \t\r\n]*+\([ \t\r\n]*+\$([a-zA-Z_][a-zA-Z0-9_-]*+)[ \t\r\n]*+=(?!=)")
# an expression that is one literal (no doubled quote, no `$` or `#` in a "string") right before its `)`
_LONE_LITERAL = re.compile(r"""(?:(-?[0-9]++)|(true|false)|'([^']*+)'|"([^"$#]*+)")[ \t\r\n]*+\)""")
# a list of strings without doubled quotes (and without `$` or `#` in "double quotes"), each one a `_STRING`
_STRING = re.compile("'[^']*+'|\"[^\"$#]*+\"")
_STRING_LIST = re.compile(
    rf"\[[ \t\r\n]*+(?:(?:{_STRING.pattern})[ \t\r\n]*+(?:,[ \t\r\n]*+(?:{_STRING.pattern})[ \t\r\n]*+)*+)?\]"
)
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NUMBER = re.compile(r"-?(?:\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)")
# symbolic operators, two-character ones first; a word is an operator only if `_WORD_OPERATORS` has it
_OPERATOR = re.compile(r"==|!=|>=|<=|&&|\|\||[><!+\-*/%=]|([a-zA-Z_][a-zA-Z0-9_]*)")
_OPERATOR_START = frozenset("=!><&|+-*/%") | _IDENT_START
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
    __slots__ = (
        "closer_at",
        "i",
        "macros",
        "nested",
        "property_state",
        "reference_state_at",
        "s",
        "strings",
        "token_start",
    )

    def __init__(self, source: str, nested: bool = False) -> None:
        self.s = source
        self.nested = nested
        self.i = 0
        self.macros: dict[str, n.Macro] = {}
        # parsed bodies of the template's interpolated strings by their text: a string repeated in the
        # template is parsed once, and its trees share the body (nodes are never changed once parsed)
        self.strings: dict[str, list[Any]] = {}
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
            if c == "#":
                self.token_start = gobbled_from if gobbled_from >= 0 else i
                gobbled_from = -1
                closer = self.hash(out)
                if closer is not None:
                    self.closer_at = i
                    if top:
                        raise self.error(f"#{closer} without an open #if, #foreach or #macro", i)
                    return out, closer
            elif c == "$":
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
            elif c == "\\":
                self.backslashes(out)
            else:
                m = _TEXT.match(s, i)
                if m[1] is not None:
                    gobbled_from = i
                    self.i = m.end()
                    continue
                if out and type(out[-1]) is n.Text:
                    out[-1] = n.Text(out[-1].text + m[0])
                else:
                    out.append(n.Text(m[0]))
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
        last = ref.source[-1]
        if last == "}":
            return
        i = self.reference_state_at = self.i
        self.property_state = bool(ref.steps) and type(ref.steps[-1]) is n.Property
        if out is None:
            return
        s = self.s
        c = s[i : i + 1]
        if c == "{" or c == "}":
            _append_text(out, c)
            self.i = i + 1
        elif last == ")" and c in _IDENT_START:
            m = _IDENT.match(s, i)
            _append_text(out, m[0])
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
        m = _DIRECTIVE.match(s, i)
        if m is None:
            return self.not_directive(out)
        name = m[2] or m[1]
        j = self.i = m.end()
        if name == "end" or name == "else":
            if s[j : j + 1] in _SPACES:
                self.eat_eol()
            return name
        if name == "if":
            out.append(self.if_directive(i))
        elif name == "set":
            if s[j : j + 1] != "(" and m[1] is None and not _PAREN_AHEAD.match(s, j):
                _append_text(out, m[0])
                return None
            in_reference_state = self.token_start == self.reference_state_at
            out.append(self.set_directive(i))
            if in_reference_state:
                self.reference_state_at = self.i
                self.lingering_reference(out)
        elif name == "elseif":
            return name
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
            _append_text(out, m[0])
        return None

    def not_directive(self, out: list[Any]) -> None:
        """A `#` that starts no directive: a comment, a literal block, or text."""
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

    def peek_paren(self) -> bool:
        m = _SPACE.match(self.s, self.i)
        return m.end() < len(self.s) and self.s[m.end()] == "("

    def eat_eol(self) -> None:
        m = _EOL.match(self.s, self.i)
        if m:
            self.i = m.end()

    def open_paren(self, directive: str) -> None:
        s = self.s
        i = self.i
        if s[i : i + 1] in _SPACES:
            i = self.i = _SPACE.match(s, i).end()
        if s[i : i + 1] != "(":
            raise self.error(f"{directive} must be followed by '(' but found {self.found()}")
        self.i = i + 1

    def close_paren(self, directive: str) -> None:
        """The `)` of a directive, and the end of its line if nothing else is on it."""
        s = self.s
        i = self.i
        if s[i : i + 1] in _SPACES:
            i = self.i = _SPACE.match(s, i).end()
        if s[i : i + 1] != ")":
            raise self.error(f"expected ')' to close {directive} but found {self.found()}")
        i += 1
        if s[i : i + 1] in _SPACES and (m := _EOL.match(s, i)):
            i = m.end()
        self.i = i

    def set_directive(self, start: int) -> n.Set:
        s = self.s
        m = _SET_PLAIN_TARGET.match(s, self.i)
        if m is not None:
            self.i = m.end()
            target = n.Reference(m[1], [], s[m.start(1) - 1 : m.end(1)], m.start(1) - 1)
        else:
            self.open_paren("#set")
            self.skip_space()
            target = self.reference(self.i) if s.startswith("$", self.i) else None
            if target is None:
                raise self.error(f"#set needs a reference such as $name on its left but found {self.found()}")
            self.skip_space()
            if not s.startswith("=", self.i) or s.startswith("==", self.i):
                raise self.error(f"expected '=' in #set but found {self.found()}")
            self.i += 1
        value = self.expression()
        self.close_paren("#set")
        return n.Set(target, value, start)

    def if_directive(self, start: int) -> n.If:
        branches = []
        otherwise = None
        if self.s[self.i : self.i + 1] == "(":
            self.i += 1
        else:
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
        m = _REFERENCE_HEAD.match(s, start)
        if m is None:
            return None
        i = m.end()
        steps: list[Any] = []
        c = s[i : i + 1]
        while c == "." or c == "[":
            if c == ".":
                step = _STEP.match(s, i)
                if step is None:
                    break
                name, paren, first, second, closed = step.groups()
                if paren is None:
                    steps.append(n.Property(name))
                    i = step.end()
                elif closed is not None:
                    args = []
                    if first is not None:
                        args.append(_simple_argument(first, step.start(3)))
                        if second is not None:
                            args.append(_simple_argument(second, step.start(4)))
                    steps.append(n.Call(name, args, i))
                    i = step.end()
                else:
                    self.i = step.end()
                    steps.append(n.Call(name, self.arguments(), i))
                    i = self.i
            else:
                after = _SPACE.match(s, i + 1).end()
                if after >= len(s) or not _PARAMETER_START.match(s, after):
                    break  # `[` that cannot open an index is text after the reference
                self.i = after
                key = self.parameter()
                self.skip_space()
                if not s.startswith("]", self.i):
                    raise self.error(f"expected ']' after an index but found {self.found()}")
                steps.append(n.Index(key, i))
                i = self.i + 1
            c = s[i : i + 1]
        if m[1]:
            if s[i : i + 1] != "}":
                self.i = i
                raise self.error(f"expected '}}' to close ${{{m[2]}... but found {self.found()}")
            i += 1
        self.i = i
        return n.Reference(m[2], steps, s[start:i], start)

    def arguments(self) -> list[Any]:
        """The arguments of a method call, from just after its `(` to just after its `)`."""
        s = self.s
        args: list[Any] = []
        i = self.i
        if s[i : i + 1] in _SPACES:
            i = _SPACE.match(s, i).end()
        if s[i : i + 1] == ")":
            self.i = i + 1
            return args
        self.i = i
        while True:
            args.append(self.parameter())  # which skips the spaces before it
            i = self.i
            if s[i : i + 1] in _SPACES:
                i = self.i = _SPACE.match(s, i).end()
            c = s[i : i + 1]
            if c == ",":
                self.i = i + 1
                continue
            if c == ")":
                self.i = i + 1
                return args
            raise self.error(f"expected ',' or ')' in an argument list but found {self.found()}")

    # ------------------------------------------------------------------ expressions

    def skip_space(self) -> None:
        s = self.s
        i = self.i
        if s[i : i + 1] in _SPACES:
            self.i = _SPACE.match(s, i).end()

    def expression(self, level: int = 0) -> Any:
        """Operators of `_LEVELS[level]` or tighter, left-associative. Precedence climbing: the operator
        after each operand is read once, not once per level. A node's source ends after the spaces that
        follow its right operand, as Velocity prints a null operand's source text.

        Every expression ends at a `)`, so the commonest operands, a reference or a literal right before
        the `)`, end it without looking for an operator; references and strings skip `unary`."""
        s = self.s
        start = self.i
        if s[start : start + 1] in _SPACES:
            start = self.i = _SPACE.match(s, start).end()
        c = s[start : start + 1]
        if c == "$":
            left = self.reference(start)
            if left is None:
                left = self.unary()  # which reports the lone `$`
            elif s[self.i : self.i + 1] == ")":
                return left
        elif (m := _LONE_LITERAL.match(s, start)) is not None:
            group = m.lastindex
            text = m[group]
            self.i = m.end() - 1
            if group == 1:
                return n.Literal(int(text), text, start)
            if group == 2:
                return n.Literal(text == "true", text, start)
            return n.Literal(text, s[start : m.end(group) + 1], start)
        elif c == '"' or c == "'":
            left = self.string_literal()
        else:
            left = self.unary()
        while True:  # the operator after `left` (symbolic or word form), past the spaces before it
            i = self.i
            c = s[i : i + 1]
            if c in _SPACES:
                i = self.i = _SPACE.match(s, i).end()
                c = s[i : i + 1]
            if c not in _OPERATOR_START or (m := _OPERATOR.match(s, i)) is None:
                return left
            op = m[0]
            if m.lastindex is None:
                if op == "-" and s[i + 1 : i + 2].isdigit():
                    return left  # Velocity lexes "-2" as a number, so "5-2" is two numbers in a row
            elif op not in _WORD_OPERATORS:
                return left
            op_level = _PRECEDENCE.get(op)
            if op_level is None or op_level < level:
                return left
            self.i = i + len(op)
            right = self.expression(op_level + 1)
            left = n.Binary(_WORD_OPERATORS.get(op, op), left, right, s[start : self.i], i)

    def unary(self) -> Any:
        """`!` or `not` before an operand, a parenthesized expression, or a value."""
        s = self.s
        i = self.i
        c = s[i : i + 1]
        if c in _SPACES:
            i = self.i = _SPACE.match(s, i).end()
            c = s[i : i + 1]
        if (c == "!" and s[i + 1 : i + 2] != "=") or (c == "n" and _WORD.match(s, i)[0] == "not"):
            self.i = i + (1 if c == "!" else 3)
            operand = self.unary()
            return n.Not(operand, s[i : self.i], i)
        if c == "(":
            self.i = i + 1
            inner = self.expression()
            self.skip_space()
            if not s.startswith(")", self.i):
                raise self.error(f"expected ')' but found {self.found()}")
            self.i += 1
            return inner
        return self.parameter()

    def parameter(self) -> Any:
        """A value: literal, reference, list, map or range (what Velocity allows as a method argument)."""
        s = self.s
        i = self.i
        c = s[i : i + 1]
        if c in _SPACES:
            i = self.i = _SPACE.match(s, i).end()
            c = s[i : i + 1]
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
        if c == "'" or c == '"':
            return self.string_literal()
        if not c:
            raise self.error("unexpected end of the template inside a directive or argument list")
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
        k = s.find(quote, start + 1)
        if k >= 0 and s[k + 1 : k + 2] != quote:  # the common case: no doubled quote inside
            text = s[start + 1 : k]
            j = k + 1
        else:
            text, j = self.doubled_quotes(quote, start)
        self.i = j
        source = s[start:j]
        if quote == '"' and ("$" in text or "#" in text):
            body = None if self.macros else self.strings.get(text)
            if body is None:
                body = self.interpolated_body(text, source, start)
            return n.Interpolated(body, source, start)
        return n.Literal(text, source, start)

    def interpolated_body(self, text: str, source: str, start: int) -> list[Any]:
        """The nodes of an interpolated string, parsed as a template of its own (offsets count from the
        string's first character), so equal strings parse alike wherever they stand: unless macros are
        about, the body is kept for the next string of the template with the same text."""
        inner = _Parser(text, nested=True)
        inner.macros = self.macros
        inner.strings = self.strings
        try:
            body, _ = inner.block(top=True)
        except VtlError as exc:
            raise self.error(f"in the string literal {source}: {exc.message}", start) from None
        if not self.macros:
            self.strings[text] = body
        return body

    def doubled_quotes(self, quote: str, start: int) -> tuple[str, int]:
        """The text of a string literal in which a doubled quote stands for one, and where it ends."""
        s = self.s
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
            return "".join(parts), k + 1

    def list_or_range(self) -> Any:
        s, start = self.s, self.i
        m = _STRING_LIST.match(s, start)
        if m is not None:
            self.i = m.end()
            strings = _STRING.finditer(s, start, m.end())
            items = [n.Literal(string[0][1:-1], string[0], string.start()) for string in strings]
            return n.ListLiteral(items, m[0], start)
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


def _append_text(out: list[Any], text: str) -> None:
    if not text:
        return
    if out and type(out[-1]) is n.Text:
        out[-1] = n.Text(out[-1].text + text)
    else:
        out.append(n.Text(text))


def _simple_argument(text: str, offset: int) -> Any:
    """The node of an argument that `_SIMPLE_ARGUMENT` matched: a bare `$name` or a string literal."""
    if text[0] == "$":
        return n.Reference(text[1:], [], text, offset)
    return n.Literal(text[1:-1], text, offset)


def _number(text: str) -> Any:
    """Velocity's literal types: Integer, Long or BigInteger for whole numbers, Double otherwise."""
    if "." in text or "e" in text or "E" in text:
        value = float(text)
        if value in (float("inf"), float("-inf")):
            return Decimal(text)
        return value
    return int(text)
