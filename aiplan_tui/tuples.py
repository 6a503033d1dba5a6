"""``NamedTuple`` for the modules a lookup imports, without importing ``typing``.

A lookup (`aiplan show 3-2.5`) is a fresh process whose budget is a few milliseconds above
the interpreter's start. ``typing.NamedTuple`` costs a good part of that: importing ``typing``
(~3.5 ms) and, for every class, a ``ForwardRef`` compiled per field from its (postponed,
string) annotation; ``collections.namedtuple`` under it compiles a ``__new__`` from source
for every class. A lookup defines ~30 such classes (~10 ms in all). This ``NamedTuple`` is
written the same way and makes the class ``collections.namedtuple`` makes (fields, defaults,
``_make``, ``_replace``, ``_asdict``, repr, pickling, the body's docstring, methods and
properties) without evaluating the annotations and with one ``__new__`` compiled per number
of fields. Type checkers see ``typing.NamedTuple`` itself; tests/test_tuples.py compares the
two. Figures: docs/decisions.md, "CLI lookups: import diet".

Modules on a lookup's path import typing-only names under ``if TYPE_CHECKING:`` with
``TYPE_CHECKING = False`` written in the module (mypy treats any name ``TYPE_CHECKING`` as
true): ``from typing import TYPE_CHECKING`` would import ``typing``.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    try:
        from _collections import _tuplegetter
    except ImportError:  # what collections.namedtuple does without its C helper
        from operator import itemgetter

        def _tuplegetter(index, doc):
            return property(itemgetter(index), doc=doc)

    # What typing.NamedTuple forbids or keeps for itself in a class body.
    _PROHIBITED = frozenset(("__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults"))
    _PROHIBITED |= {"_make", "_replace", "_asdict", "_source"}
    _SPECIAL = frozenset(("__module__", "__qualname__", "__annotations__"))

    # The methods collections.namedtuple writes for each class, written once: they read the
    # class's ``_fields`` instead of closing over them.
    @classmethod
    def _make(cls, iterable):
        result = tuple.__new__(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **changes):
        result = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return result

    def __repr__(self):
        return f"{self.__class__.__name__}({', '.join(f'{n}={v!r}' for n, v in zip(self._fields, self))})"

    def _asdict(self):
        return dict(zip(self._fields, self))

    def __getnewargs__(self):
        return tuple(self)

    _NEW_BY_ARITY = {}

    def _new(typename, fields, defaults):
        """``__new__(cls, <fields>)``: collections.namedtuple compiles one from source for each
        class (~0.1 ms); here one is compiled per number of fields and given the field names
        as its parameter names, so keywords bind as they do there, at the same speed."""
        template = _NEW_BY_ARITY.get(len(fields))
        if template is None:
            names = ", ".join(f"_{n}" for n in range(len(fields)))
            template = eval(f"lambda _cls, {names}: _tuple_new(_cls, ({names},))", {"_tuple_new": tuple.__new__})
            _NEW_BY_ARITY[len(fields)] = template
        new = type(template)(template.__code__.replace(co_varnames=("_cls", *fields)), template.__globals__, "__new__")
        new.__defaults__ = tuple(defaults) or None
        new.__qualname__ = f"{typename}.__new__"
        new.__doc__ = f"Create new instance of {typename}({', '.join(fields)})"
        return new

    class _NamedTupleMeta(type):
        def __new__(mcs, typename, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(mcs, typename, bases, namespace)
            annotations = namespace.get("__annotations__", {})
            fields = tuple(annotations)
            if any(name.startswith("_") for name in fields):
                raise ValueError(f"{typename}: field names cannot start with an underscore: {fields}")
            defaulted = [name for name in fields if name in namespace]
            if list(fields[len(fields) - len(defaulted) :]) != defaulted:
                raise TypeError(f"{typename}: a field without a default follows a field with one")
            defaults = {name: namespace[name] for name in defaulted}
            made = {
                "__doc__": f"{typename}({', '.join(fields)})",
                "__slots__": (),
                "_fields": fields,
                "_field_defaults": defaults,
                "__new__": _new(typename, fields, defaults.values()),
                "_make": _make,
                "_replace": _replace,
                "__repr__": __repr__,
                "_asdict": _asdict,
                "__getnewargs__": __getnewargs__,
                "__match_args__": fields,
                "__module__": namespace["__module__"],
                "__qualname__": namespace.get("__qualname__", typename),
                "__annotations__": dict(annotations),
            }
            for index, name in enumerate(fields):
                made[name] = _tuplegetter(index, f"Alias for field number {index}")
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in fields:
                    made[key] = value
            return type(typename, (tuple,), made)

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Base of a named tuple class: ``class Point(NamedTuple): x: int; y: int = 0``."""
