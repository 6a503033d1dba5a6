"""``NamedTuple`` for the modules a lookup imports, without importing ``typing``.

A lookup (`aiplan show 3-2.5`) is a fresh process whose budget is a few milliseconds above
the interpreter's start. ``typing.NamedTuple`` costs a good part of that: importing ``typing``
(~3.5 ms) and, for every class, a ``ForwardRef`` compiled per field from its (postponed,
string) annotation, ~40 classes of ~6 fields on a lookup's path (~8 ms in all). This
``NamedTuple`` is written the same way and makes the same class (``collections.namedtuple``
with the fields, defaults, docstring, methods and properties of the class body) without
evaluating the annotations. Type checkers see ``typing.NamedTuple`` itself.

Modules on a lookup's path import typing-only names under ``if TYPE_CHECKING:`` with
``TYPE_CHECKING = False`` written in the module (mypy treats any name ``TYPE_CHECKING`` as
true): ``from typing import TYPE_CHECKING`` would import ``typing``.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    from collections import namedtuple

    # What typing.NamedTuple forbids or keeps for itself in a class body.
    _PROHIBITED = frozenset(
        [
            "__new__",
            "__init__",
            "__slots__",
            "__getnewargs__",
            "_fields",
            "_field_defaults",
            "_make",
            "_replace",
            "_asdict",
            "_source",
        ]
    )
    _SPECIAL = frozenset(("__module__", "__qualname__", "__annotations__"))

    class _NamedTupleMeta(type):
        def __new__(mcs, typename: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            if not bases:  # NamedTuple itself
                return super().__new__(mcs, typename, bases, namespace)
            annotations = namespace.get("__annotations__", {})
            fields = list(annotations)
            defaulted = [name for name in fields if name in namespace]
            if defaulted != fields[len(fields) - len(defaulted) :]:
                raise TypeError(f"{typename}: a field without a default follows a field with one")
            defaults = [namespace[name] for name in defaulted]
            made = namedtuple(typename, fields, defaults=defaults, module=str(namespace["__module__"]))
            made.__qualname__ = str(namespace.get("__qualname__", typename))
            made.__annotations__ = dict(annotations)
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in annotations:
                    setattr(made, key, value)
            return made

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Base of a named tuple class: ``class Point(NamedTuple): x: int; y: int = 0``."""
