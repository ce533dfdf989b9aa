"""Vendor claims to stress-test, read from a priors file's ``claims:`` or a claims file.

A claim is about **inputs** when it asserts values of model inputs (``inputs:`` only: "4x
throughput per watt" is ``asic.perf_per_watt_gain: 4``), and about an **output** when it states
a number the model computes (``metric:`` and ``value:``), with ``inputs:`` the figures it says
that number follows from ("16 nodes at 3.0–3.5 kW, PUE 1.4, $0.08/kWh: $1.1–1.3M a year").
Every error names the file, the line and the claim.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from decision.claims.metrics import FLEET_SIZES, METRICS, fleet_size
from decision.errors import PriorsError
from decision.model.options import TWO_OPTIONS, OptionSet
from decision.scenario.catalogue import BY_PATH, LARGEST, PLAUSIBLE_WORDS, Domain, InputSpec
from decision.scenario.located_yaml import LocatedYaml, is_number, is_version, show, suggest

#: A single claimed number of an output claim is read as this relative tolerance either side
#: (claims are rounded: "~$280K").
DEFAULT_TOLERANCE = 0.1

_CLAIM_KEYS = ("id", "words", "source", "note", "option", "inputs", "metric", "value",
               "tolerance")
_FILE_KEYS = ("schema_version", "description", "claims")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Claimed:
    """A claimed number (``low == high``) or range ``[low, high]``."""

    low: float
    high: float

    @property
    def is_range(self) -> bool:
        """Whether a range was claimed."""
        return self.high > self.low

    @property
    def central(self) -> float:
        """The point a range stands for: geometric midpoint of a positive range, else middle."""
        if self.low > 0:
            return math.sqrt(self.low * self.high)
        return (self.low + self.high) / 2

    def per_draw(self, uniforms: np.ndarray, *, whole: bool = False) -> float | np.ndarray:
        """The claim spread over draws: the number itself, or the range at ``uniforms``
        (uniform over the range; over its whole numbers when ``whole``)."""
        if not self.is_range:
            return self.low
        if whole:
            return np.minimum(np.floor(self.low + (self.high - self.low + 1) * uniforms),
                              self.high)
        return self.low + (self.high - self.low) * uniforms

    def as_json(self) -> float | list[float]:
        """The number, or ``[low, high]``."""
        return [self.low, self.high] if self.is_range else self.low


@dataclass(frozen=True)
class Claim:
    """One claim, validated.

    Attributes
    ----------
    id, words, source : str
        Short name, the claim's own words, where it was made.
    inputs : dict of str to Claimed
        Input claims: the asserted values. Output claims: the figures the claim states its
        number follows from (may include the size of the fleet it sizes, ``<fleet>.nodes`` or
        ``<fleet>.chips``, :data:`decision.claims.metrics.FLEET_SIZES`).
    metric : str or None
        The output claimed (a key of :data:`METRICS`); ``None`` for an input claim.
    option : str or None
        The option an output claim concerns: the fleet of a metric of a fleet (the incumbent
        when ``None``), the option against the incumbent of a metric of savings (the
        contender when ``None``).
    value : Claimed or None
        The number claimed for ``metric``.
    tolerance : float
        Relative tolerance of a single claimed number of an output claim.
    origin : str
        ``"file:line"`` of the claim.
    note : str or None
    """

    id: str
    words: str
    source: str
    inputs: dict[str, Claimed]
    metric: str | None = None
    value: Claimed | None = None
    tolerance: float = DEFAULT_TOLERANCE
    origin: str = ""
    note: str | None = None
    option: str | None = None

    def fleet(self, options: OptionSet) -> str:
        """The option whose fleet a stated fleet size sets (:func:`sized_fleet`)."""
        return sized_fleet(self.metric, self.option, options)

    @property
    def kind(self) -> str:
        """``"input"`` or ``"output"``."""
        return "input" if self.metric is None else "output"

    @property
    def claimed_interval(self) -> tuple[float, float]:
        """What an output claim allows: its range, or its number ± the tolerance."""
        if self.value.is_range:
            return self.value.low, self.value.high
        spread = abs(self.value.low) * self.tolerance
        return self.value.low - spread, self.value.low + spread


def sized_fleet(metric: str | None, option: str | None, options: OptionSet) -> str:
    """The option whose fleet a claim's stated fleet size sets: the option a metric of a
    fleet concerns, else the incumbent (whose fleet serves until an option goes live)."""
    if metric is not None and METRICS[metric].of_fleet and option is not None:
        return option
    return options.incumbent


@dataclass
class _ClaimReader:
    """Reads the items of one ``claims:`` list with the lines of ``located``."""

    located: LocatedYaml
    prefix: str
    seen: dict[str, str] = field(default_factory=dict)
    catalogue: Mapping[str, InputSpec] = field(default_factory=lambda: BY_PATH)
    options: OptionSet = TWO_OPTIONS

    def error(self, where: str, name: str, field_path: str, message: str) -> PriorsError:
        key = ("claims" + (name if name.startswith("[") else f".{name}")
               + (f".{field_path}" if field_path else ""))
        line = self.located.lines.get(f"{where}.{field_path}" if field_path else where)
        return self.located.error(key, message, line or self.located.lines.get(where))

    def read(self, block: object) -> tuple[Claim, ...]:
        if not isinstance(block, list):
            raise self.located.error("claims", f"must be a list of claims, each starting with"
                                               f" '- id: ...'; got {show(block)}")
        return tuple(self.claim(item, f"{self.prefix}[{index}]", index)
                     for index, item in enumerate(block))

    def claim(self, item: object, where: str, index: int) -> Claim:
        name = f"[{index}]"
        if not isinstance(item, dict):
            raise self.error(where, name, "", f"must be a mapping with id, words, source and"
                                              f" inputs; got {show(item)}")
        if isinstance(item.get("id"), str) and _ID.match(item["id"]):
            name = item["id"]
        for key in item:
            if key not in _CLAIM_KEYS:
                raise self.error(where, name, key, f"unknown key{suggest(key, _CLAIM_KEYS)}")
        for key in ("id", "words", "source"):
            if key not in item:
                raise self.error(where, name, "", f"missing '{key}:' (every claim has an id,"
                                                  " its words and its source)")
        if item["id"] != name:
            raise self.error(where, name, "id", f"must be a plain name (letters, digits, - _ .);"
                                                f" got {show(item['id'])}")
        if name in self.seen:
            raise self.error(where, name, "id", f"is also the id of the claim at"
                                                f" {self.seen[name]}; ids must be unique")
        for key in ("words", "source", "note"):
            if key in item and not (isinstance(item[key], str) and item[key].strip()):
                raise self.error(where, name, key, f"must be text; got {show(item[key])}")
        origin = self.located.origin(where)
        self.seen[name] = origin
        metric = item.get("metric")
        if metric is not None and (not isinstance(metric, str) or metric not in METRICS):
            raise self.error(where, name, "metric", f"the model cannot compute {show(metric)}"
                                                    f"{suggest(str(metric), list(METRICS))}")
        if metric is None:
            for key in ("value", "tolerance", "option"):
                if key in item:
                    raise self.error(where, name, key, f"'{key}:' belongs to a claim about an"
                                                       " output; add 'metric:' or remove it"
                                                       + (" (an input claim concerns the option"
                                                          " whose inputs it names)"
                                                          if key == "option" else ""))
        option = self.option(item.get("option"), metric, where, name)
        fleet = sized_fleet(metric, option, self.options)
        inputs = self.inputs(item.get("inputs"), where, name, metric, fleet)
        value, tolerance = None, DEFAULT_TOLERANCE
        if metric is not None:
            if "value" not in item:
                raise self.error(where, name, "", f"missing 'value:', the {metric} the claim"
                                                  " states")
            value = self.number(item["value"], where, name, "value")
            if not METRICS[metric].signed and value.low <= 0:
                raise self.error(where, name, "value", f"{metric} is positive; got"
                                                       f" {show(item['value'])}")
            if "tolerance" in item:
                tolerance = item["tolerance"]
                if not is_number(tolerance) or not 0 <= tolerance < 1:
                    raise self.error(where, name, "tolerance", f"must be a fraction in [0, 1)"
                                                               f" (0.1 is ±10%); got"
                                                               f" {show(tolerance)}")
                if value.is_range:
                    raise self.error(where, name, "tolerance", "applies to a single value; a"
                                                               " range is its own tolerance")
        return Claim(name, item["words"], item["source"], inputs, metric, value,
                     float(tolerance), origin, item.get("note"), option)

    def option(self, raw: object, metric: str | None, where: str, name: str) -> str | None:
        """The option an output claim names, checked against what its metric concerns."""
        if raw is None or metric is None:
            return None
        names = list(self.options.names)
        if not isinstance(raw, str) or raw not in names:
            raise self.error(where, name, "option", f"must name an option of the file"
                                                    f" ({', '.join(names)}); got {show(raw)}"
                                                    f"{suggest(str(raw), names)}")
        if METRICS[metric].of_fleet and self.options.option(raw).kind == "custom":
            raise self.error(where, name, "option", f"{metric} is of an owned or rented fleet"
                                                    f" serving the whole load; {raw} is a custom"
                                                    " program: name an owned or rented option")
        if not METRICS[metric].of_fleet and raw == self.options.incumbent:
            raise self.error(where, name, "option", f"{metric} compares an option with the"
                                                    f" incumbent; {raw} is the incumbent: name"
                                                    " another option")
        return raw

    def inputs(self, block: object, where: str, name: str, metric: str | None,
               fleet: str) -> dict[str, Claimed]:
        if block is None:
            if metric is None:
                raise self.error(where, name, "", "missing 'inputs:', the input values the"
                                                  " claim asserts (or 'metric:' and 'value:'"
                                                  " for a claim about an output)")
            return {}
        if not isinstance(block, dict) or (metric is None and not block):
            raise self.error(where, name, "inputs", f"must map input paths to values, e.g."
                                                    f" {{asic.perf_per_watt_gain: 4}}; got"
                                                    f" {show(block)}")
        sizes = [f"{fleet}.{size}" for size in FLEET_SIZES]
        allowed = [*self.catalogue, *sizes] if metric else list(self.catalogue)
        out = {}
        for path, raw in block.items():
            field_path = f"inputs.{path}"
            if path == "horizon_months":
                raise self.error(where, name, field_path, "claims use the scenario's horizon")
            if path not in allowed:
                hint = suggest(path, allowed)
                if path.partition(".")[2] in FLEET_SIZES:
                    hint = (f"; the fleet this claim sizes is {fleet}'s ({' or '.join(sizes)})"
                            if metric else "; a fleet size belongs to a claim about an output"
                                           " (with metric:)")
                raise self.error(where, name, field_path, f"unknown input{hint}")
            spec = self.catalogue.get(path)
            if spec is not None and spec.options:
                raise self.error(where, name, field_path, "is a modelling choice, not a figure"
                                                          " a claim can state")
            if metric is None and spec.domain in (Domain.COUNT, Domain.WHOLE):
                raise self.error(where, name, field_path, "is a count fixed by the design, not"
                                                          " a performance claim to stress")
            solved = metric is not None and (fleet_size(path, fleet) or path) in METRICS[
                metric].solves
            if solved:
                raise self.error(where, name, field_path, f"is what {metric} solves for; leave"
                                                          " it out")
            value = self.number(raw, where, name, field_path)
            self.check_domain(path, value, raw, where, name, field_path, fleet)
            if metric is None and value.high == 0:
                raise self.error(where, name, field_path, "a claimed 0 cannot be discounted (a"
                                                          " haircut scales the claim); write the"
                                                          " value the claim implies")
            out[path] = value
        if sum(bool(fleet_size(path, fleet)) for path in out) > 1:
            raise self.error(where, name, "inputs", f"state {' or '.join(sizes)}, not both")
        return out

    def number(self, raw: object, where: str, name: str, field_path: str) -> Claimed:
        values = [raw] if is_number(raw) else raw
        if (isinstance(values, list) and len(values) in (1, 2)
                and all(is_number(v) for v in values)):
            if any(abs(float(v)) > LARGEST for v in values):
                raise self.error(where, name, field_path, f"must be {PLAUSIBLE_WORDS}; got"
                                                          f" {show(raw)}: check the unit")
            if len(values) == 1 and is_number(raw):
                return Claimed(float(raw), float(raw))
            if len(values) == 2 and values[0] < values[1]:
                return Claimed(float(values[0]), float(values[1]))
        raise self.error(where, name, field_path, f"must be a number or a range [low, high]"
                                                  f" with low < high; got {show(raw)}")

    def check_domain(self, path: str, value: Claimed, raw: object, where: str, name: str,
                     field_path: str, fleet: str) -> None:
        if fleet_size(path, fleet):
            ok = value.low >= 1 and all(float(v).is_integer() for v in (value.low, value.high))
            words = "a whole number of at least 1"
        else:
            spec = self.catalogue[path]
            ok = spec.domain.contains(value.low) and spec.domain.contains(value.high)
            words = spec.domain.describe()
            if ok and not (spec.domain.plausible(value.low) and spec.domain.plausible(value.high)):
                raise self.error(where, name, field_path, f"must be {PLAUSIBLE_WORDS}; got"
                                                          f" {show(raw)}: check the unit")
        if not ok:
            raise self.error(where, name, field_path, f"must be {words}; got {show(raw)}")


def parse_claims(block: object, located: LocatedYaml, *, prefix: str = "claims",
                 catalogue: Mapping[str, InputSpec] = BY_PATH,
                 options: OptionSet = TWO_OPTIONS) -> tuple[Claim, ...]:
    """Validate a ``claims:`` list read by ``located`` against the inputs of ``catalogue``
    (a scenario's, by path) and its ``options``.

    Raises
    ------
    PriorsError
        Naming the file, the line and the claim.
    """
    return _ClaimReader(located, prefix, catalogue=catalogue, options=options).read(block)


def load_claims(path: str | Path, *, known: tuple[Claim, ...] = (),
                catalogue: Mapping[str, InputSpec] = BY_PATH,
                options: OptionSet = TWO_OPTIONS) -> tuple[Claim, ...]:
    """Read a claims file (``claims:`` and optionally ``description:``).

    Parameters
    ----------
    path : str or Path
    known : tuple of Claim
        Claims already read (the priors file's): ids must differ from theirs.
    catalogue : mapping of str to InputSpec
        The inputs a claim may name (the scenario's).
    options : OptionSet
        The scenario's options.

    Raises
    ------
    PriorsError
        Naming the file, the line and the claim.
    """
    located = LocatedYaml(str(path))
    raw = located.read(Path(path), empty_hint="start from priors/claims/seed-claims.yaml",
                       top_level_hint="claims: [...]")
    for key in raw:
        if key not in _FILE_KEYS:
            raise located.error(key, f"unknown key{suggest(key, _FILE_KEYS)}")
    if "claims" not in raw:
        raise located.error(None, "has no 'claims:' list")
    if not is_version(raw.get("schema_version", 1), 1):
        raise located.error("schema_version", f"must be 1; got {show(raw['schema_version'])}")
    reader = _ClaimReader(located, "claims", {c.id: c.origin for c in known}, catalogue,
                          options)
    return reader.read(raw["claims"])
