"""Each supported annotation maps to its DynamoDB kind; everything else is refused with a hint."""

import datetime
import decimal
import enum
import uuid
from typing import Annotated, Any, Literal, Optional

import pytest
from pydantic import BaseModel, Field

from spec_compiler.model.ir import AttributeType
from spec_compiler.model.types import UnsupportedType, attribute_type


class Color(enum.StrEnum):
    RED = "red"


class Size(enum.IntEnum):
    SMALL = 1


class Mixed(enum.Enum):
    A = "a"
    B = 2


class Inner(BaseModel):
    label: str


def no_nested(model: type[BaseModel], in_progress: tuple[type, ...]) -> tuple:
    return ()


def kind(annotation: Any) -> AttributeType:
    return attribute_type(annotation, no_nested)


S = AttributeType("S", format="string")
N_INT = AttributeType("N", format="integer")
N_NUM = AttributeType("N", format="number")


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (str, S),
        (Color, AttributeType("S", format="enum")),
        (Literal["a", "b"], AttributeType("S", format="enum")),
        (datetime.datetime, AttributeType("S", format="date-time")),
        (datetime.date, AttributeType("S", format="date")),
        (uuid.UUID, AttributeType("S", format="uuid")),
        (int, N_INT),
        (Size, N_INT),
        (Literal[1, 2], N_INT),
        (float, N_NUM),
        (decimal.Decimal, N_NUM),
        (bool, AttributeType("BOOL")),
        (Literal[True], AttributeType("BOOL")),
        (bytes, AttributeType("B")),
        (set[str], AttributeType("SS", items=S)),
        (frozenset[Color], AttributeType("SS", items=AttributeType("S", format="enum"))),
        (set[int], AttributeType("NS", items=N_INT)),
        (set[float], AttributeType("NS", items=N_NUM)),
        (set[decimal.Decimal], AttributeType("NS", items=N_NUM)),
        (list[str], AttributeType("L", items=S)),
        (list[list[int]], AttributeType("L", items=AttributeType("L", items=N_INT))),
        (list[str | None], AttributeType("L", items=AttributeType("S", format="string", nullable=True))),
        (dict[str, int], AttributeType("M", values=N_INT)),
        (
            dict[str, dict[str, bool]],
            AttributeType("M", values=AttributeType("M", values=AttributeType("BOOL"))),
        ),
        (Inner, AttributeType("M", fields=())),
        (str | None, AttributeType("S", format="string", nullable=True)),
        (Optional[int], AttributeType("N", format="integer", nullable=True)),  # noqa: UP045 - the old spelling
        (Annotated[str, Field(min_length=1)], S),
        (Annotated[int, Field(ge=0)] | None, AttributeType("N", format="integer", nullable=True)),
    ],
)
def test_supported_annotation_has_its_dynamodb_kind(annotation: Any, expected: AttributeType) -> None:
    assert kind(annotation) == expected


@pytest.mark.parametrize(
    ("annotation", "hint"),
    [
        (tuple[int, int], "unsupported type tuple[int, int]; use str, int"),
        (complex, "unsupported type complex"),
        (Any, "unsupported type Any"),
        (list, "bare list says nothing about its contents"),
        (dict, "bare dict says nothing about its contents"),
        (int | str, "unsupported union int | str"),
        (int | str | None, "only `T | None` (optional) is allowed"),
        (set[bool], "DynamoDB sets hold strings (set[str]) or numbers"),
        (set[bytes], "use list[T] for anything else"),
        (set[str | None], "unsupported set of"),
        (dict[int, str], "DynamoDB map keys are strings"),
        (Mixed, "enum Mixed mixes value types"),
        (Literal["a", 1], "mixes value types"),
    ],
)
def test_unsupported_annotation_is_refused_with_a_hint(annotation: Any, hint: str) -> None:
    with pytest.raises(UnsupportedType) as raised:
        kind(annotation)
    assert hint in raised.value.message


def test_nested_model_fields_come_from_the_callback() -> None:
    seen: list[tuple[type, tuple[type, ...]]] = []

    def nested(model: type[BaseModel], in_progress: tuple[type, ...]) -> tuple:
        seen.append((model, in_progress))
        return ()

    attribute_type(list[Inner], nested, (Color,))
    assert seen == [(Inner, (Color, Inner))]


def test_a_model_inside_itself_is_refused() -> None:
    with pytest.raises(UnsupportedType, match="contains itself"):
        attribute_type(Inner, no_nested, (Inner,))
