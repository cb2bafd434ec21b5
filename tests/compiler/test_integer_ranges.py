"""The regex of an integer range matches exactly the integers in it, as JSON writes them."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from spec_compiler.compiler.integer_ranges import integer_range

BOUNDS = st.none() | st.integers(-30, 30) | st.integers(-(10**7), 10**7) | st.integers(-(10**25), 10**25)
NUMBERS = st.integers(-40, 40) | st.integers(-(10**8), 10**8) | st.integers(-(10**26), 10**26)


@settings(max_examples=500, deadline=None)
@given(BOUNDS, BOUNDS, st.lists(NUMBERS, max_size=20), st.integers(-2, 2))
@example(1, 1000, [0, 1, 999, 1000, 1001], 0)
@example(None, None, [0, -1, 10**30], 0)
def test_a_range_matches_exactly_its_integers(
    minimum: int | None, maximum: int | None, numbers: list[int], offset: int
) -> None:
    pattern = re.compile(integer_range(minimum, maximum))
    near = [bound + offset for bound in (minimum, maximum) if bound is not None]
    for number in [*numbers, *near]:
        inside = (minimum is None or minimum <= number) and (maximum is None or number <= maximum)
        assert bool(pattern.fullmatch(str(number))) == inside, number
    zero = (minimum is None or minimum <= 0) and (maximum is None or maximum >= 0)
    assert bool(pattern.fullmatch("-0")) == zero  # JSON's -0 is zero


@pytest.mark.parametrize("text", ["", "-", "01", "-01", "00", "1.0", "1e3", "+1", " 1", "1\n"])
def test_only_integers_as_json_writes_them_match(text: str) -> None:
    assert not re.fullmatch(integer_range(None, None), text)


@pytest.mark.parametrize(
    ("minimum", "maximum", "regex"),
    [
        (1, 1000, "(?:[1-9]|[1-9][0-9]|[1-9][0-9]{2}|1000)"),
        (-10, -3, "(?:-(?:[3-9]|10))"),
        (7, None, "(?:[7-9]|[1-9][0-9]{1,})"),
        (5, 4, "(?!)"),
    ],
)
def test_regexes_read_as_the_range(minimum: int, maximum: int | None, regex: str) -> None:
    assert integer_range(minimum, maximum) == regex
