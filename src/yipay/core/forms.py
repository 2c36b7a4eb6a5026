"""Helpers for turning JSON-like mappings into domain commands with one-line, field-named errors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from yipay.core.clock import parse_date
from yipay.core.errors import InvalidInput

E = TypeVar("E", bound=StrEnum)


def as_mapping(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{what} must be a JSON object")
    return data


def no_unknown(data: Mapping[str, Any], allowed: set[str], what: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(f"{what} has unknown field(s): {', '.join(unknown)}")


def text(
    data: Mapping[str, Any], name: str, *, required: bool = False, limit: int = 200
) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string")
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{name} is longer than {limit} characters")
    return value


def required_text(data: Mapping[str, Any], name: str, *, limit: int = 200) -> str:
    value = text(data, name, required=True, limit=limit)
    assert value is not None
    return value


def choice(data: Mapping[str, Any], name: str, enum: type[E], default: E | None = None) -> E:
    value = text(data, name, required=default is None)
    if value is None:
        assert default is not None
        return default
    try:
        return enum(value.lower())
    except ValueError:
        options = ", ".join(m.value for m in enum)
        raise InvalidInput(f"{name} must be one of {options}; got {value!r}") from None


def optional_date(data: Mapping[str, Any], name: str) -> date | None:
    value = text(data, name)
    return parse_date(value) if value else None


def required_date(data: Mapping[str, Any], name: str) -> date:
    return parse_date(required_text(data, name))
