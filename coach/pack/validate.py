"""pydantic over the content classes: validate a file's data into them, write them back as data,
describe them as JSON Schema.

The one module of :mod:`coach.pack` that imports pydantic at its top: a load that misses the
validated-pack cache, ``coach check``, the schema files and a protocol whose level fills in
values come here; a pack from the cache never does (see :mod:`coach.pack.fields`).
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

__all__ = ["ValidationError", "dump", "json_schema", "validate"]

T = TypeVar("T")


@cache
def _adapter(cls: type[T]) -> TypeAdapter[T]:
    # Built once a class per process: building the validators is most of a first validation.
    return TypeAdapter(cls)


def validate(cls: type[T], data: Any) -> T:
    """``data`` (a file's table) as a ``cls``; raises :class:`ValidationError` saying where
    and what is wrong."""
    return _adapter(cls).validate_python(data)


def dump(value: Any, **options: Any) -> Any:
    """``value`` (a content object) as data a file would hold, e.g. ``mode="json",
    exclude_none=True``: what :func:`validate` reads back into an equal object."""
    return _adapter(type(value)).dump_python(value, **options)


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of a file that validates as ``cls``."""
    return _adapter(cls).json_schema(mode="validation")
