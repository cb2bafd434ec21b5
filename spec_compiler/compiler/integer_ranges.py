"""A Java regex matching exactly the integers of a range, written in decimal as JSON writes them.

A path key declared `Annotated[int, Field(ge=1, le=1000)]` reaches a template as text, and VTL cannot
compare that text as a number without relying on how `$util.parseJson` types large values. A range of
integers is a regular language, though: `1..1000` is `[1-9]|[1-9][0-9]|[1-9][0-9]{2}|1000`, so the
template checks a key's bounds with the `String.matches` it already uses for the key's syntax.

Texts are those of `key_checks.NUMBER_SYNTAX["integer"]`: no leading zeros, an optional `-`, and `-0`,
which is zero. The regex uses only digits, classes, counted repetition and groups, which Java's and
Python's regex engines read alike.
"""

from __future__ import annotations

NOTHING = "(?!)"  # the regex of an empty range: no text matches


def integer_range(minimum: int | None, maximum: int | None) -> str:
    """The regex of the integers from `minimum` to `maximum`, both included (None: no bound)."""
    if minimum is not None and maximum is not None and minimum > maximum:
        return NOTHING
    alternatives = []
    if maximum is None or maximum >= 0:  # the non-negative part
        alternatives += _from_to(max(minimum or 0, 0), maximum)
    if minimum is None or minimum < 0:  # the negative part, by magnitude
        smallest = 1 if maximum is None or maximum >= 0 else -maximum
        alternatives += [f"-(?:{'|'.join(_from_to(smallest, None if minimum is None else -minimum))})"]
    if (minimum is None or minimum <= 0) and (maximum is None or maximum >= 0):
        alternatives.append("-0")
    return f"(?:{'|'.join(alternatives)})"


def _from_to(low: int, high: int | None) -> list[str]:
    """Alternatives for the decimal texts of `low..high` (`high` None: no end), `0 <= low`, one digit
    count at a time."""
    alternatives = []
    last = len(str(low)) if high is None else len(str(high))
    for digits in range(len(str(low)), last + 1):
        first = max(low, 10 ** (digits - 1) if digits > 1 else 0)
        final = 10**digits - 1 if high is None else min(high, 10**digits - 1)
        if first <= final:
            alternatives += _same_length(str(first), str(final))
    if high is None:  # every text longer than `low`'s
        alternatives.append(f"[1-9][0-9]{{{len(str(low))},}}")
    return alternatives


def _same_length(low: str, high: str) -> list[str]:
    """Alternatives for the digit strings from `low` to `high`, of one length (leading zeros kept)."""
    common = next((index for index, (a, b) in enumerate(zip(low, high, strict=True)) if a != b), len(low))
    if common == len(low):
        return [low]
    prefix, rest = low[:common], len(low) - common - 1
    low_digit, high_digit = int(low[common]), int(high[common])
    low_tail, high_tail = low[common + 1 :], high[common + 1 :]
    alternatives = []
    # From `low` to the end of its leading digit, unless that is all of it.
    start = low_digit if low_tail == "0" * rest else low_digit + 1
    if start > low_digit:
        alternatives += [prefix + str(low_digit) + tail for tail in _same_length(low_tail, "9" * rest)]
    # Every text under the leading digits between, whole.
    end = high_digit if high_tail == "9" * rest else high_digit - 1
    if start <= end:
        alternatives.append(prefix + _digit_class(start, end) + _any_digits(rest))
    # From the start of `high`'s leading digit to `high`, unless that is all of it.
    if end < high_digit:
        alternatives += [prefix + str(high_digit) + tail for tail in _same_length("0" * rest, high_tail)]
    return alternatives


def _any_digits(count: int) -> str:
    return "" if count == 0 else "[0-9]" if count == 1 else f"[0-9]{{{count}}}"


def _digit_class(first: int, last: int) -> str:
    return str(first) if first == last else f"[{first}-{last}]"
