"""One platform's sheet: every datasheet field with its source, read from ``priors/platforms/``.

A field is a fixed value, a prior (uncertain or conflicting figures) or an honest absence
(``not_public``, ``not_sold``, ``not_applicable``, ``unverified``). Every entry names where it
comes from, with a year, so nothing in the catalogue is a figure nobody published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from decision.errors import SpecError
from decision.scenario.catalogue import PLAUSIBLE_WORDS, Domain
from decision.scenario.distributions import build_prior
from decision.scenario.located_yaml import LocatedYaml, is_number, read_sheet, show, suggest
from decision.scenario.prior import Prior

FAMILIES = ("gpu", "tpu", "accelerator", "sram", "wafer")
#: What a field can say instead of a number, and what each means to a user.
ABSENT = {
    "not_public": "not public: supply it yourself",
    "not_sold": "not sold: rent it, or supply your own price",
    "not_applicable": "not applicable to this chip",
    "unverified": "published, but not verified for this catalogue: supply it from the page named",
}
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_PRIOR_KEYS = ("dist", "kwargs", "ci90", "lower", "upper")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a platform sheet."""

    key: str
    unit: str
    domain: Domain | None
    meaning: str


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("memory_gb", "GB", Domain.POSITIVE,
              "memory per chip (HBM, DRAM, or on-chip SRAM for SRAM-only parts)"),
    FieldSpec("memory_bandwidth_gb_s", "GB/s", Domain.POSITIVE, "peak memory bandwidth per chip"),
    FieldSpec("bf16_dense_tflops", "TFLOP/s", Domain.POSITIVE,
              "dense BF16/FP16 peak per chip (without 2:4 sparsity)"),
    FieldSpec("fp8_dense_tflops", "TFLOP/s", Domain.POSITIVE, "dense FP8 peak per chip"),
    FieldSpec("int8_dense_tops", "TOP/s", Domain.POSITIVE, "dense INT8 peak per chip"),
    FieldSpec("chip_tdp_w", "W", Domain.POSITIVE, "thermal design power of one chip"),
    FieldSpec("chips_per_node", "chips", Domain.COUNT, "chips in one node, server or host"),
    FieldSpec("node_wall_kw", "kW", Domain.POSITIVE, "wall power of one node under load"),
    FieldSpec("interconnect_gb_s", "GB/s", Domain.POSITIVE,
              "chip-to-chip bandwidth within a node, per chip"),
    FieldSpec("interconnect", "text", None, "the chip-to-chip link within a node"),
    FieldSpec("node_price_usd", "USD", Domain.POSITIVE, "price of one node, chips included"),
    FieldSpec("chip_hour_usd", "USD/chip-hour", Domain.POSITIVE, "rental price of one chip"),
)
BY_KEY = {f.key: f for f in FIELDS}


@dataclass(frozen=True)
class Entry:
    """One field of a sheet as written.

    Attributes
    ----------
    spec : FieldSpec
    value : float or str or None
        A fixed number (or text, for text fields); ``None`` for a prior or an absence.
    prior : Prior or None
        The distribution of an uncertain or conflicting figure.
    absent : str or None
        ``not_public``, ``not_sold``, ``not_applicable`` or ``unverified``.
    source : str
        Where the figure comes from, or why it is absent, with a year.
    line : int or None
        Line of the field in its file.
    """

    spec: FieldSpec
    value: float | str | None
    prior: Prior | None
    absent: str | None
    source: str
    line: int | None

    def quantiles(self) -> tuple[float, float, float] | None:
        """5th, 50th and 95th percentile of a number (all three equal when fixed)."""
        if self.prior is not None:
            return tuple(float(self.prior.ppf(q)) for q in (0.05, 0.5, 0.95))
        if isinstance(self.value, float):
            return (self.value,) * 3
        return None


@dataclass(frozen=True)
class Platform:
    """A validated platform sheet."""

    name: str
    title: str
    family: str
    file: str
    entries: dict[str, Entry]
    note: str | None = None


def load_platform(path: str | Path) -> Platform:
    """Read and check one platform sheet.

    Raises
    ------
    PriorsError
        One line naming file, line and key, with the fix.
    """
    path = Path(path)
    raw, located = read_sheet(path, ("schema_version", "name", "title", "family", "note", "specs"),
                              "platform sheet")
    name = raw["name"]
    for key in ("title", "family"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise located.error(key, "is required text")
    if not isinstance(raw.get("note", ""), str):
        raise located.error("note", f"must be text; got {show(raw['note'])}")
    if raw["family"] not in FAMILIES:
        raise located.error("family", f"must be one of {', '.join(FAMILIES)}; got"
                                      f" {show(raw['family'])}")
    specs = raw.get("specs")
    if not isinstance(specs, dict):
        raise located.error("specs", "is required: a mapping of field: {value, source}")
    entries = {}
    for key in specs:
        if key not in BY_KEY:
            raise located.error(f"specs.{key}", f"unknown field{suggest(key, tuple(BY_KEY))}")
    for spec in FIELDS:
        where = f"specs.{spec.key}"
        if spec.key not in specs:
            raise located.error("specs", f"{spec.key} is missing ({spec.meaning}, in"
                                         f" {spec.unit}); give it, or say not_public:"
                                         f" \"where you looked, with the year\"")
        entries[spec.key] = _entry(spec, specs[spec.key], located, where)
    return Platform(name, raw["title"], raw["family"], _shown(path), entries, raw.get("note"))


def _shown(path: Path) -> str:
    """The path relative to the working folder where it lies inside it, as users write it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _entry(spec: FieldSpec, raw: object, located: LocatedYaml, where: str) -> Entry:
    line = located.lines.get(where)
    if not isinstance(raw, dict):
        raise located.error(where, "must be {value: ..., source: \"...\"}, a prior with its"
                                   " source, or {not_public: \"where you looked, year\"}")
    absent = [key for key in ABSENT if key in raw]
    if absent:
        if len(raw) != 1:
            raise located.error(where, f"{absent[0]} stands alone: put the reason and year in"
                                       " its text")
        reason = raw[absent[0]]
        check_source(reason, located, f"{where}.{absent[0]}")
        return Entry(spec, None, None, absent[0], reason, line)
    for key in raw:
        if key not in ("value", "source", *_PRIOR_KEYS):
            raise located.error(f"{where}.{key}",
                                f"unknown key{suggest(key, ('value', 'source', *_PRIOR_KEYS))}")
    check_source(raw.get("source"), located, f"{where}.source")
    source = raw["source"]
    if "value" in raw:
        if set(raw) - {"value", "source"}:
            raise located.error(where, "a fixed value takes only source")
        return Entry(spec, _value(spec, raw["value"], located, f"{where}.value"), None, None,
                     source, line)
    if spec.domain is None or spec.domain is Domain.COUNT:
        raise located.error(where, "takes a fixed value, not a distribution")
    try:
        prior = build_prior({k: v for k, v in raw.items() if k != "source"}, spec.domain)
    except SpecError as exc:
        raise located.error(f"{where}.{exc.field}" if exc.field else where, exc.message) from None
    return Entry(spec, None, prior, None, source, line)


def _value(spec: FieldSpec, raw: object, located: LocatedYaml, where: str) -> float | str:
    if spec.domain is None:
        if not isinstance(raw, str) or not raw.strip():
            raise located.error(where, "must be text")
        return raw
    if not is_number(raw) or not spec.domain.contains(float(raw)):
        raise located.error(where, f"must be {spec.domain.describe()} ({spec.unit}); got"
                                   f" {show(raw)}")
    if not spec.domain.plausible(float(raw)):
        raise located.error(where, f"must be {PLAUSIBLE_WORDS}; got {show(raw)}: check the unit")
    return float(raw)


def check_source(text: object, located: LocatedYaml, where: str) -> None:
    """Refuse a source that is missing, not text, or without the year it was published or
    read."""
    if not isinstance(text, str) or not text.strip():
        raise located.error(where, "is required: name the datasheet, document, benchmark file"
                                   " or third party, with the year")
    if not _YEAR.search(text):
        raise located.error(where, f"must give the year of its source; got {text!r}")

