"""How the content classes carry their rules without importing pydantic.

A pack's classes (:mod:`coach.pack.model`) are plain frozen dataclasses. pydantic validates
content files into them (:mod:`coach.pack.validate`, on a load that misses the cache), and it
reads their rules from what is here:

- :func:`model` makes a class one of them: frozen, slotted, every field a keyword;
- :func:`spec` is a field's default, description and limits (``dataclasses.field`` metadata,
  which pydantic reads as it reads ``Field``);
- :class:`Limits` and :class:`Parsed` go inside ``Annotated[...]`` for a type's own rules
  (an id's pattern, a text's length; a duration read from ``"3-5m"``);
- :func:`check` marks a method that checks a whole object once its fields are valid, and
  :func:`check_input` a static method that looks at a file's table before anything else.

pydantic sees these through its ``__get_pydantic_core_schema__`` hook and imports itself there,
so a pack from the validated-pack cache (:mod:`coach.pack.cache`) is made and used without
importing pydantic at all: that import and the building of its validators were most of what
a command such as ``coach plan`` cost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar, dataclass_transform

if TYPE_CHECKING:  # only for hints: these are imported when pydantic asks, never before
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

T = TypeVar("T")

_CHECK = "__coach_check__"
_CHECK_INPUT = "__coach_check_input__"

# What a content file may and may not do, for pydantic: unknown keys are an error with a hint,
# and strict: "yes" is not true and "9" is not 9; a content file says what it means.
CONFIG = {"extra": "forbid", "strict": True}

_set = object.__setattr__  # how a content object's fields are set, once: it is frozen after


def spec(
    default: Any = dataclasses.MISSING,
    *,
    default_factory: Callable[[], Any] | Any = dataclasses.MISSING,
    **rules: Any,
) -> Any:
    """A field's default (or ``default_factory``) with its rules, as pydantic's ``Field``
    takes them: ``description``, ``max_length``, ``ge``..."""
    return dataclasses.field(default=default, default_factory=default_factory, metadata=rules)


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(spec,))
def model(cls: type[T]) -> type[T]:
    """A content class: a frozen, slotted dataclass whose fields are all keywords (so a field
    with a default may come before one without).

    Its ``__init__``, equality, hash, repr and frozenness are :class:`Model`'s, written once:
    the dataclass machinery would generate each of them for each of the ~30 classes, compiling
    source every time, which was most of what importing :mod:`coach.pack.model` cost on the
    path of every command and start. (pydantic never calls ``__init__``: it sets the fields.)"""
    made = dataclasses.dataclass(
        init=False, repr=False, eq=False, slots=True, kw_only=True, match_args=False
    )(cls)
    made.__coach_fields__ = tuple(dataclasses.fields(made))  # type: ignore[attr-defined]
    return made


def check(method: Callable[[Any], object]) -> Callable[[Any], object]:
    """Mark a method that checks the whole object after its fields validated: it raises a
    ``ValueError`` saying what is wrong (shown as the content problem)."""
    setattr(method, _CHECK, True)
    return method


def check_input(method: staticmethod) -> staticmethod:
    """Mark a static method that takes what the file holds for the object (a table, before
    validation) and returns it, or raises a ``ValueError`` (e.g. naming an older format)."""
    setattr(method.__func__, _CHECK_INPUT, True)
    return method


def checks_of(cls: type, mark: str = _CHECK) -> list[Callable[[Any], Any]]:
    """The methods of ``cls`` and its bases marked by :func:`check` (or, with
    ``mark=_CHECK_INPUT``, by :func:`check_input`), the bases' first."""
    names: dict[str, None] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if getattr(getattr(value, "__func__", value), mark, False):
                names[name] = None
    return [getattr(cls, name) for name in names]


class Model:
    """The base of every content class: tells pydantic its config and its checks."""

    __slots__ = ()
    __pydantic_config__ = CONFIG
    __coach_fields__: ClassVar[tuple[dataclasses.Field[Any], ...]]

    def __init__(self, **values: Any) -> None:
        fields = self.__coach_fields__
        unknown = set(values) - {f.name for f in fields}
        if unknown:
            raise TypeError(f"{type(self).__name__}() got unknown fields: {sorted(unknown)}")
        for f in fields:
            if f.name in values:
                value = values[f.name]
            elif f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                raise TypeError(f"{type(self).__name__}() needs the field {f.name!r}")
            _set(self, f.name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for f, value in zip(self.__coach_fields__, state, strict=True):
            _set(self, f.name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in self.__coach_fields__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.__class__, self._values()))

    def __repr__(self) -> str:
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in self.__coach_fields__)
        return f"{self.__class__.__name__}({', '.join(shown)})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        schema = handler(source)
        if schema.get("type") == "dataclass":
            # Strict applies to the fields: the object itself is read from a TOML table.
            schema["strict"] = False
        # pydantic keeps a class's schema once, under its ref, for every later use of the
        # class: the ref goes on the outermost wrapper, so every use runs the checks too.
        ref = schema.pop("ref", None)
        checks = checks_of(cls)
        if checks:

            def checked(value: Any) -> Any:
                for method in checks:
                    method(value)
                return value

            schema = core_schema.no_info_after_validator_function(checked, schema)
        for method in checks_of(cls, _CHECK_INPUT):
            schema = core_schema.no_info_before_validator_function(method, schema)
        if ref is not None:
            schema["ref"] = ref
        return schema


class Limits:
    """A type's limits inside ``Annotated[...]``, as pydantic's ``Field`` takes them:
    ``Annotated[str, Limits(pattern=..., max_length=64)]``."""

    __slots__ = ("rules",)

    def __init__(self, **rules: Any) -> None:
        self.rules = rules

    def __repr__(self) -> str:
        return f"Limits({', '.join(f'{k}={v!r}' for k, v in self.rules.items())})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.rules)])


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class Parsed:
    """A value coach reads itself (``"3-5m"`` into a :class:`~coach.pack.durations.Span`):
    ``parse`` takes what the file holds (or a value already read) and raises ``ValueError``
    with the reason; ``dump`` writes it back as a file would hold it; ``json_schema`` tells
    editors what to write."""

    parse: Callable[[Any], Any]
    json_schema: dict[str, Any]
    dump: Callable[[Any], Any] = str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

        pieces = (
            PlainValidator(self.parse),
            PlainSerializer(self.dump),
            WithJsonSchema(self.json_schema),
        )
        return handler(Annotated[(source, *pieces)])
