"""Java regular expressions on Python's `re`: pattern translation, `replaceAll` and `split` semantics.

Templates call `replaceAll`, `replaceFirst`, `matches` and `split` with Java regex syntax and Java
replacement strings (`$1`, `\\$`). The common constructs translate one to one; the ones that differ
(`\\Q..\\E`, `(?<name>`, POSIX classes, `.` and the ASCII classes) are rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache


class JavaException(Exception):
    """A Java exception a method would throw; the renderer turns it into a VtlError with a position."""


_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
}
_CLASS_ESCAPES = {"d": "0-9", "w": "a-zA-Z0-9_", "s": " \\t\\n\\x0b\\f\\r"}
_DOT = "[^\\n\\r\\x85\\u2028\\u2029]"


def translate(pattern: str) -> str:
    """Rewrite a Java regex into an equivalent Python one (for the constructs templates use)."""
    out: list[str] = []
    i = 0
    size = len(pattern)
    in_class = 0
    dotall = "(?s" in pattern
    while i < size:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= size:
                raise JavaException("PatternSyntaxException: Unexpected internal error near index " + str(i))
            d = pattern[i + 1]
            if d == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append(re.escape(literal))
                i = size if end < 0 else end + 2
                continue
            if d in "pP" and i + 2 < size and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                name = pattern[i + 3 : end] if end > 0 else ""
                name = name[2:] if name.startswith("Is") else name
                if name not in _POSIX:
                    raise JavaException(
                        f"PatternSyntaxException: unsupported character class \\{d}{{{name}}}"
                    )
                body = _POSIX[name]
                neg = d == "P"
                out.append(("[^" if neg else "[") + body + "]" if not in_class or neg else body)
                i = end + 1
                continue
            if d in _CLASS_ESCAPES:
                out.append(_CLASS_ESCAPES[d] if in_class else "[" + _CLASS_ESCAPES[d] + "]")
            elif d in "DWS":
                body = _CLASS_ESCAPES[d.lower()]
                out.append("[^" + body + "]" if not in_class else "\\" + d)
            elif d == "z":
                out.append("\\Z")
            elif d == "Z":
                out.append("(?=\\n?\\Z)")
            elif d == "h":
                out.append("[ \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]")
            elif d == "e":
                out.append("\\x1b")
            elif d == "x" and i + 2 < size and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                out.append(re.escape(chr(int(pattern[i + 3 : end], 16))))
                i = end + 1
                continue
            else:
                out.append(c + d)
            i += 2
            continue
        if in_class:
            if c == "[":
                in_class += 1
            elif c == "]":
                in_class -= 1
            out.append(c)
        elif c == "[":
            in_class = 1
            out.append(c)
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("\\]")
                i += 1
        elif c == "(" and pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 3
            continue
        elif c == "." and not dotall:
            out.append(_DOT)
        else:
            out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_java(pattern: str) -> re.Pattern:
    """A compiled Python pattern for a Java regex; a bad pattern raises JavaException."""
    try:
        return re.compile(translate(pattern))
    except re.error as exc:
        raise JavaException(f"PatternSyntaxException: {exc} in {pattern!r}") from None


@lru_cache(maxsize=512)
def _replacement(replacement: str, groups: int, names: tuple[str, ...]) -> tuple[object, ...]:
    """Parse a Java replacement string into literal strings and group numbers/names."""
    parts: list[object] = []
    literal: list[str] = []
    i = 0
    size = len(replacement)
    while i < size:
        c = replacement[i]
        if c == "\\":
            i += 1
            if i >= size:
                raise JavaException("IllegalArgumentException: character to be escaped is missing")
            literal.append(replacement[i])
            i += 1
        elif c == "$":
            i += 1
            if i >= size:
                raise JavaException(
                    "IllegalArgumentException: Illegal group reference: group index is missing"
                )
            if literal:
                parts.append("".join(literal))
                literal = []
            if replacement[i] == "{":
                end = replacement.find("}", i)
                name = replacement[i + 1 : end] if end > 0 else ""
                if end < 0 or not name:
                    raise JavaException(
                        "IllegalArgumentException: named capturing group is missing trailing '}'"
                    )
                if name not in names:
                    raise JavaException(f"IllegalArgumentException: No group with name {{{name}}}")
                parts.append((name,))
                i = end + 1
                continue
            if not replacement[i].isdigit() or not replacement[i].isascii():
                raise JavaException("IllegalArgumentException: Illegal group reference")
            ref = int(replacement[i])
            i += 1
            while i < size and replacement[i] in "0123456789":
                bigger = ref * 10 + int(replacement[i])
                if groups < bigger:
                    break
                ref = bigger
                i += 1
            if ref > groups:
                raise JavaException(f"IndexOutOfBoundsException: No group {ref}")
            parts.append(ref)
        else:
            literal.append(c)
            i += 1
    if literal:
        parts.append("".join(literal))
    return tuple(parts)


def replace(subject: str, pattern: str, replacement: str, count: int = 0) -> str:
    """String.replaceAll (count 0) or replaceFirst (count 1)."""
    return replacer(pattern, replacement, count)(subject)


@lru_cache(maxsize=512)
def replacer(pattern: str, replacement: str, count: int) -> Callable[[str], str]:
    """A function doing one replaceAll/replaceFirst, built once per pattern and replacement."""
    compiled = compile_java(pattern)
    try:
        parts = _replacement(replacement, compiled.groups, tuple(compiled.groupindex))
    except JavaException as exc:
        problem = exc

        def fail_on_match(subject: str) -> str:
            if compiled.search(subject):  # Java checks the replacement only when something matched
                raise problem
            return subject

        return fail_on_match
    if all(type(p) is str for p in parts):
        template = "".join(parts).replace("\\", "\\\\")  # type: ignore[arg-type]
        return lambda subject: compiled.sub(template, subject, count=count)

    def expand(m: re.Match) -> str:
        return "".join(
            p if type(p) is str else (m.group(p if type(p) is int else p[0]) or "")  # type: ignore[index]
            for p in parts
        )

    return lambda subject: compiled.sub(expand, subject, count=count)


def matches(subject: str, pattern: str) -> bool:
    """String.matches: the whole string must match."""
    return compile_java(pattern).fullmatch(subject) is not None


def split(subject: str, pattern: str, limit: int = 0) -> list[str]:
    """String.split with Java's rules for leading and trailing empty strings."""
    if pattern == "" and not subject.isascii() and any(ord(ch) > 0xFFFF for ch in subject):
        units = subject.encode("utf-16-le", "surrogatepass")
        pieces = [units[k : k + 2].decode("utf-16-le", "surrogatepass") for k in range(0, len(units), 2)]
        return [*pieces[: limit - 1], "".join(pieces[limit - 1 :])] if limit > 0 else pieces
    compiled = compile_java(pattern)
    parts: list[str] = []
    index = 0
    for m in compiled.finditer(subject):
        if limit > 0 and len(parts) >= limit - 1:
            break
        if m.end() == 0 and m.start() == 0:
            continue  # a zero-width match at the start never yields a leading empty string
        parts.append(subject[index : m.start()])
        index = m.end()
    if index == 0 and not parts:
        return [subject]
    parts.append(subject[index:])
    if limit == 0:
        while parts and parts[-1] == "":
            parts.pop()
    return parts
