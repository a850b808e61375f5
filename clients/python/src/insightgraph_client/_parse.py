"""Strict-but-tolerant readers for the service's JSON: required fields must be present and of the
right type (else :class:`ResponseFormatError` naming the path, e.g. ``results[2].score``); fields
the client does not know are collected so the models can keep them in ``raw``."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Set, TypeVar

from .errors import ResponseFormatError

T = TypeVar("T")
Reader = Callable[[Any, str], T]

_MISSING = object()


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _fail(path: str, expected: str, value: Any) -> ResponseFormatError:
    return ResponseFormatError(f"{path}: expected {expected}, found {_kind(value)}")


def string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, "a string", value)
    return value


def integer(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        # 3.0 from a JSON encoder that writes integers as floats is still an integer.
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise _fail(path, "an integer", value)
    return value


def number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(path, "a number", value)
    return float(value)


def boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, "true or false", value)
    return value


def anything(value: Any, path: str) -> Any:
    return value


def nullable(reader: Reader[T]) -> Reader[Optional[T]]:
    def read(value: Any, path: str) -> Optional[T]:
        return None if value is None else reader(value, path)

    return read


def array(reader: Reader[T]) -> Reader[List[T]]:
    def read(value: Any, path: str) -> List[T]:
        if not isinstance(value, list):
            raise _fail(path, "an array", value)
        return [reader(item, f"{path}[{i}]") for i, item in enumerate(value)]

    return read


def mapping(reader: Reader[T]) -> Reader[Dict[str, T]]:
    def read(value: Any, path: str) -> Dict[str, T]:
        if not isinstance(value, dict):
            raise _fail(path, "an object", value)
        return {key: reader(item, f"{path}.{key}") for key, item in value.items()}

    return read


class Obj:
    """One JSON object being read: ``req``/``opt`` take fields, ``extra()`` returns the rest."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise _fail(path or "answer", "an object", value)
        self.value: Dict[str, Any] = value
        self.path = path
        self._used: Set[str] = set()

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def req(self, key: str, reader: Reader[T]) -> T:
        self._used.add(key)
        if key not in self.value:
            raise ResponseFormatError(f"{self._at(key)}: required field is missing")
        return reader(self.value[key], self._at(key))

    def opt(self, key: str, reader: Reader[T], default: Any = None) -> Any:
        """An optional field: absent or null gives ``default`` (the service omits nil optionals)."""
        self._used.add(key)
        value = self.value.get(key, _MISSING)
        if value is _MISSING or value is None:
            return default
        return reader(value, self._at(key))

    def extra(self) -> Dict[str, Any]:
        return {k: v for k, v in self.value.items() if k not in self._used}
