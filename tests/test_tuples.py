"""aiplan_tui.tuples.NamedTuple makes the class typing.NamedTuple makes, without importing typing."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import typing
from collections.abc import Callable
from typing import Any

import pytest

from aiplan_tui import tuples
from aiplan_tui.records import Area, Point, Task


class Light(tuples.NamedTuple):
    """A record with a default, a property and a method."""

    name: str
    values: list[int]
    unit: str | None = None
    shown: bool = True

    @property
    def total(self) -> int:
        return sum(self.values)

    def labelled(self, gap: str = " ") -> str:
        return f"{self.name}{gap}{self.total}{self.unit or ''}"


class Typed(typing.NamedTuple):
    """A record with a default, a property and a method."""

    name: str
    values: list[int]
    unit: str | None = None
    shown: bool = True

    @property
    def total(self) -> int:
        return sum(self.values)

    def labelled(self, gap: str = " ") -> str:
        return f"{self.name}{gap}{self.total}{self.unit or ''}"


def test_the_same_class_as_typing_makes() -> None:
    light, typed = Light("a", [1, 2]), Typed("a", [1, 2])
    assert Light._fields == Typed._fields == ("name", "values", "unit", "shown")
    assert Light._field_defaults == Typed._field_defaults == {"unit": None, "shown": True}
    assert tuple(light) == tuple(typed) == ("a", [1, 2], None, True) and light == ("a", [1, 2], None, True)
    assert (
        repr(light) == repr(typed).replace("Typed", "Light") == "Light(name='a', values=[1, 2], unit=None, shown=True)"
    )
    assert light._replace(unit="개")._asdict() == typed._replace(unit="개")._asdict()
    assert tuple(Light._make(["b", [3], "%", False])) == tuple(Typed._make(["b", [3], "%", False]))
    assert tuple(Light(name="c", values=[4], shown=False)) == tuple(Typed(name="c", values=[4], shown=False))
    assert light.total == typed.total == 3 and light.labelled("=") == typed.labelled("=") == "a=3"
    assert Light.__doc__ == Typed.__doc__ == "A record with a default, a property and a method."
    assert (Light.__module__, Light.__qualname__) == (__name__, "Light")
    assert issubclass(Light, tuple) and list(Light.__annotations__) == list(Typed.__annotations__)
    assert getattr(Light, "__match_args__", None) == getattr(Typed, "__match_args__", None)  # 3.10+: match
    assert Light.__new__.__defaults__ == Typed.__new__.__defaults__ == (None, True)
    assert copy.deepcopy(light) == light and copy.copy(light) is not None
    mistakes: list[Callable[[Any], object]] = [
        lambda record: record("only a name"),
        lambda record: record("a", [1], None, True, "one too many"),
        lambda record: record("a", [1], name="twice"),
        lambda record: record._make(["a"]),
    ]
    for mistake in mistakes:
        with pytest.raises(TypeError):
            mistake(Typed)
        with pytest.raises(TypeError):
            mistake(Light)
    with pytest.raises(ValueError, match="unexpected field names"):
        light._replace(colour="red")  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        light.name = "b"  # type: ignore[misc]


def test_records_keep_what_callers_rely_on() -> None:
    """The store's records: positional and keyword forms, defaults, properties, pickling."""
    area = Area("3-2", 3, "복지", "사회적 약자 돌봄·배려", 120)
    assert area.label == "(복지) 사회적 약자 돌봄·배려" and area._replace(theme=None).label == "사회적 약자 돌봄·배려"
    assert pickle.loads(pickle.dumps(area)) == area and copy.deepcopy(area) == area
    point = Point(year=2027, value=100, until=None, label=None, qualifier=None, year_from_task=False)
    assert (point.kind, point.tentative, point.year_stated) == (None, False, True)
    assert Task._fields[:3] == ("id", "strategy", "area")


def test_mistakes_typing_refuses_are_refused() -> None:
    with pytest.raises(TypeError):

        class DefaultFirst(tuples.NamedTuple):
            unit: str = ""
            value: int  # type: ignore[misc]

    with pytest.raises(AttributeError):

        class OwnReplace(tuples.NamedTuple):
            value: int

            def _replace(self, **changes: int) -> OwnReplace:  # type: ignore[misc]
                return self


def test_the_records_import_no_typing() -> None:
    code = "import sys, aiplan_tui.records, aiplan_tui.store; print('typing' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
