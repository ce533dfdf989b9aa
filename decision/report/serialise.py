"""The typed answer as JSON: each float rounded as its annotation says, once, here.

``summary.json`` must be byte-identical for the same seed, so every float is rounded to a
fixed precision (:class:`decision.report.schema.Rounding`): USD to the cent and ``-0.0`` as
``0.0``, probabilities to 1e-6, statistics to 6 significant digits. Floats without an
annotation (settings such as ``tail_share``) are written as they are.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from decision.report.schema import Rounding

_ROUND = {
    Rounding.USD: lambda v: round(float(v), 2) + 0.0,
    Rounding.PROBABILITY: lambda v: round(float(v), 6) + 0.0,
    Rounding.SIGNIFICANT: lambda v: float(f"{float(v):.6g}"),
    Rounding.DECIMALS_4: lambda v: round(float(v), 4),
    Rounding.DECIMALS_1: lambda v: round(float(v), 1),
}


def to_json(answer: object) -> str:
    """``answer`` (a dataclass of :mod:`decision.report.schema`) as indented JSON text."""
    return json.dumps(plain(answer), indent=2) + "\n"


def plain(answer: object) -> dict[str, Any]:
    """``answer`` as JSON-ready dicts, lists and rounded numbers, in field order."""
    return _dataclass(answer)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _dataclass(value: object) -> dict[str, Any]:
    hints = _hints(type(value))
    out: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if item is None and f.metadata.get("omit_if_none"):
            continue
        if f.metadata.get("inline"):
            out |= _dataclass(item)
        else:
            out[f.name] = _value(item, hints[f.name])
    return out


def _value(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin is Annotated:
        base, rounding = get_args(hint)[:2]
        return _ROUND[rounding](value) if base is float else _value(value, base)
    if origin in (Union, types.UnionType):
        return _value(value, _matching(value, get_args(hint)))
    if dataclasses.is_dataclass(value):
        return _dataclass(value)
    if origin is dict:
        item = get_args(hint)[1]
        return {str(k): _value(v, item) for k, v in value.items()}
    if origin is list:
        item = get_args(hint)[0]
        return [_value(v, item) for v in value]
    if hint is float:
        return float(value)
    if hint is int:
        return int(value)
    if hint is bool:
        return bool(value)
    return value


def _matching(value: Any, options: tuple[Any, ...]) -> Any:
    """The member of a union that ``value`` is an instance of."""
    for option in options:
        if option is type(None):
            continue
        base = get_origin(option) or option
        if base is Annotated:
            base = get_args(option)[0]
        if isinstance(value, base) or (base is float and isinstance(value, int | float)):
            return option
    return options[0]
