"""Velocity 1.7's arithmetic (MathUtils): Java integer division and remainder, Double, BigDecimal.

Whole numbers never overflow (Velocity widens Integer to Long to BigInteger, as Python ints do);
division or remainder by zero yields null, which leaves a `#set` target unchanged.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_DOWN, Context, Decimal, localcontext
from typing import Any

from spec_compiler.vtl.javaregex import JavaException

_EXACT = Context(prec=1000)


def _kind(a: Any, b: Any) -> type:
    """MathUtils' calculation base: BigDecimal, Double or whole numbers (a Double with a BigInteger is
    computed as BigDecimal, from the Double's exact binary value)."""
    if type(a) is Decimal or type(b) is Decimal:
        return Decimal
    if type(a) is float or type(b) is float:
        whole = b if type(a) is float else a
        if type(whole) is int and not -(2**63) <= whole < 2**63:
            return Decimal
        return float
    return int


def _dec(x: Any) -> Decimal:
    return x if type(x) is Decimal else Decimal(x)


def _add(a: Any, b: Any) -> Any:
    kind = _kind(a, b)
    if kind is Decimal:
        with localcontext(_EXACT):
            return _dec(a) + _dec(b)
    return a + b


def _sub(a: Any, b: Any) -> Any:
    kind = _kind(a, b)
    if kind is Decimal:
        with localcontext(_EXACT):
            return _dec(a) - _dec(b)
    return a - b


def _mul(a: Any, b: Any) -> Any:
    kind = _kind(a, b)
    if kind is Decimal:
        with localcontext(_EXACT):
            return _dec(a) * _dec(b)
    return a * b


def _div(a: Any, b: Any) -> Any:
    if b == 0:
        return None
    kind = _kind(a, b)
    if kind is int:
        quotient = abs(a) // abs(b)
        return quotient if (a >= 0) == (b >= 0) else -quotient
    if kind is float:
        return a / b
    dividend = _dec(a)
    with localcontext(_EXACT):  # BigDecimal.divide(b, ROUND_HALF_DOWN) keeps the dividend's scale
        return (dividend / _dec(b)).quantize(Decimal(1).scaleb(dividend.as_tuple().exponent), ROUND_HALF_DOWN)


def _mod(a: Any, b: Any) -> Any:
    if b == 0:
        return None
    kind = _kind(a, b)
    if kind is int:
        remainder = abs(a) % abs(b)
        return remainder if a >= 0 else -remainder
    if kind is float:
        return math.fmod(a, b)
    raise JavaException("ArithmeticException: Cannot calculate the modulo of BigDecimals.")


ARITHMETIC = {"+": _add, "-": _sub, "*": _mul, "/": _div, "%": _mod}
