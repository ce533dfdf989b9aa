"""Studies a team could run before deciding, read from a priors file's ``studies:``.

Each study reads one uncertain input (``docs/priors-format.md``, "Studies"):

- ``benchmark``: ``n`` measurements of the input (a pilot's throughput, perf per watt,
  utilisation), each with a stated error; valued at each of ``sizes`` measurements.
- ``quote``: one noisy reading of a price or an NRE.
- ``watch``: ``k`` more months of watching a time-to-event input (the model's freeze): by then
  it has happened, and when, or it has not; valued at each of ``sizes`` months, which are also
  the months the decision waits.

``waiting:`` values deciding later as a strategy: wait ``k`` months, see what they reveal (whether
and when each uncertain model freeze ends; with a stated ``traffic_noise``, the volume's growth),
then decide.

Every error names the file, the line and the key.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from decision.errors import SpecError
from decision.scenario.catalogue import Domain
from decision.scenario.distributions import build_prior, check_spec
from decision.scenario.located_yaml import LocatedYaml, is_number, is_whole, show, suggest
from decision.scenario.prior import Prior

KINDS = ("benchmark", "quote", "watch")
_KEYS = ("kind", "input", "noise", "sizes", "cost_usd", "cost_per_unit_usd", "months",
         "source", "note")
_NOISE_KEYS = ("relative", "sd")
#: Measurements a benchmark is valued at when the file gives no ``sizes``.
BENCHMARK_SIZES = (1, 2, 5, 10, 20, 50)
#: Months a watch is valued at when the file gives no ``sizes``.
WATCH_MONTHS = (1, 3, 6, 9, 12)
#: The most sizes a study is valued at (each is a regression on every draw).
MAX_SIZES = 12
#: The waits valued when ``waiting:`` gives no ``months``.
WAITING_MONTHS = (3, 6, 12)
_WAITING_KEYS = ("months", "traffic_noise", "note")
#: Inputs a wait watches: each one's event is seen when it happens.
WATCHED_SUFFIX = "model_freeze_months"


@dataclass(frozen=True)
class Study:
    """One proposed study.

    Attributes
    ----------
    name : str
    kind : str
        One of :data:`KINDS`.
    input : str
        The path of the input it reads.
    sizes : tuple of int
        Measurements (benchmark), 1 (quote) or months watched (watch).
    relative_noise, sd_noise : float or Prior or None
        One reading's error: the standard deviation of its logarithm, or in the input's unit
        (exactly one of them for a benchmark or a quote; neither for a watch); a prior when the
        team is unsure of it.
    cost_usd, cost_per_unit_usd : float
        Fixed cost, and cost per measurement or per month watched.
    months : float
        How long a benchmark or a quote holds the decision up (a watch waits its size).
    source : str or None
    """

    name: str
    kind: str
    input: str
    sizes: tuple[int, ...]
    relative_noise: float | Prior | None = None
    sd_noise: float | Prior | None = None
    cost_usd: float = 0.0
    cost_per_unit_usd: float = 0.0
    months: float = 0.0
    source: str | None = None

    def cost(self, size: int) -> float:
        """What the study costs at ``size``, in USD."""
        return self.cost_usd + self.cost_per_unit_usd * size

    def delay(self, size: int) -> float:
        """Months the decision waits for the study at ``size``."""
        return float(size) if self.kind == "watch" else self.months

    def error(self, uniforms: np.ndarray) -> float | np.ndarray:
        """One reading's error (relative or in the unit), per draw when it is uncertain: its
        prior at ``uniforms``."""
        error = self.relative_noise if self.relative_noise is not None else self.sd_noise
        return error.ppf(uniforms) if isinstance(error, Prior) else error


def parse_studies(block: object, located: LocatedYaml, inputs: Collection[str],
                  uncertain: Collection[str], priors: Mapping[str, Prior] | None = None
                  ) -> tuple[Study, ...]:
    """Validate a ``studies:`` mapping of name to design against a scenario's inputs.

    Parameters
    ----------
    block : object
        The section as parsed from YAML.
    located : LocatedYaml
        The file, to name the line of a mistake.
    inputs, uncertain : collection of str
        Every input of the scenario, and those with a prior.
    priors : mapping of str to Prior, optional
        The fitted priors of the uncertain inputs; without them the designs are checked
        before any prior is fitted (an uncertain error's prior is then checked, not fitted,
        and the studies carry no noise).

    Raises
    ------
    PriorsError
        Naming the file, the line and the key, with the fix.
    """
    if not isinstance(block, dict) or not block:
        raise located.error("studies", "must be a mapping of study names to designs, like"
                                       " {pilot: {kind: benchmark, input: ..., noise: {relative:"
                                       " 0.1}, cost_usd: 20000}}")
    return tuple(_study(str(name), design, located, inputs, uncertain, priors)
                 for name, design in block.items())


def _study(name: str, design: object, located: LocatedYaml, inputs: Collection[str],
           uncertain: Collection[str], priors: Mapping[str, Prior] | None) -> Study:
    key = f"studies.{name}"
    if not isinstance(design, dict):
        raise located.error(key, f"must be a mapping with kind, input and cost_usd; got"
                                 f" {show(design)}")
    for sub in design:
        if sub not in _KEYS:
            raise located.error(f"{key}.{sub}", f"unknown key{suggest(sub, _KEYS)}")
    kind = design.get("kind")
    if kind not in KINDS:
        raise located.error(f"{key}.kind", f"must be one of {', '.join(KINDS)}; got {show(kind)}")
    path = design.get("input")
    if path not in inputs:
        raise located.error(f"{key}.input", f"unknown input {show(path)}"
                                            f"{suggest(str(path), list(inputs))}")
    if path not in uncertain:
        raise located.error(f"{key}.input", f"{path} is fixed in this file: a study of it"
                                            " cannot change the decision; give it a prior")
    if "cost_usd" not in design:
        raise located.error(key, "missing cost_usd: what the study costs, in USD (0 if free)")
    relative, sd = _noise(design, kind, key, located, fit=priors is not None)
    sizes = _sizes(design, kind, key, located)
    cost, per_unit, months = (_non_negative(design, field, key, located)
                              for field in ("cost_usd", "cost_per_unit_usd", "months"))
    if kind == "watch" and "months" in design:
        raise located.error(f"{key}.months", "a watch waits the months of its sizes; remove"
                                             " months")
    if relative is not None and priors is not None and priors[path].ppf(1e-9) <= 0:
        raise located.error(f"{key}.noise.relative", f"{path} can be 0 or negative: give its"
                                                     " error in its unit, noise: {sd: ...}")
    source = design.get("source")
    if source is not None and not isinstance(source, str):
        raise located.error(f"{key}.source", "must be text")
    return Study(name, kind, path, sizes, relative, sd, cost, per_unit, months, source)


def _noise(design: dict, kind: str, key: str, located: LocatedYaml, fit: bool
           ) -> tuple[float | Prior | None, float | Prior | None]:
    if kind == "watch":
        if "noise" in design:
            raise located.error(f"{key}.noise", "a watch sees the event itself; remove noise")
        return None, None
    noise = design.get("noise")
    if not isinstance(noise, dict) or len(noise) != 1 or next(iter(noise)) not in _NOISE_KEYS:
        raise located.error(f"{key}.noise", "give one reading's error as {relative: 0.1}"
                                            " (standard deviation of its log) or {sd: ...}"
                                            f" (in the input's unit); got {show(noise)}")
    (which, value), = noise.items()
    if isinstance(value, dict):  # an uncertain error: a prior, drawn once per draw
        try:
            if not fit:
                check_spec(value, Domain.POSITIVE)
            error: float | Prior | None = build_prior(value, Domain.POSITIVE) if fit else None
        except SpecError as exc:
            field = f".{exc.field}" if exc.field else ""
            raise located.error(f"{key}.noise.{which}{field}", exc.message) from None
    elif not is_number(value) or value <= 0:
        raise located.error(f"{key}.noise.{which}", f"must be a number > 0 or a distribution"
                                                    f" ({{ci90: [low, high]}}); got {show(value)}")
    else:
        error = float(value)
    return (error, None) if which == "relative" else (None, error)


def _sizes(design: dict, kind: str, key: str, located: LocatedYaml) -> tuple[int, ...]:
    if kind == "quote":
        if "sizes" in design:
            raise located.error(f"{key}.sizes", "a quote is one reading; remove sizes")
        return (1,)
    sizes = design.get("sizes", BENCHMARK_SIZES if kind == "benchmark" else WATCH_MONTHS)
    unit = "measurements" if kind == "benchmark" else "months"
    if (not isinstance(sizes, list | tuple) or not sizes or len(sizes) > MAX_SIZES
            or not all(is_whole(s) and s > 0 for s in sizes)):
        raise located.error(f"{key}.sizes", f"must be a list of 1 to {MAX_SIZES} whole numbers"
                                            f" of {unit}, each > 0; got {show(sizes)}")
    return tuple(sorted({int(s) for s in sizes}))


def _non_negative(design: dict, field: str, key: str, located: LocatedYaml) -> float:
    value = design.get(field, 0.0)
    if not is_number(value) or value < 0:
        raise located.error(f"{key}.{field}", f"must be a number >= 0; got {show(value)}")
    return float(value)


@dataclass(frozen=True)
class Waiting:
    """Deciding later: the waits to value, what they reveal, and how noisy the traffic is.

    Attributes
    ----------
    months : tuple of int
        The waits, in months.
    watched : tuple of str
        The uncertain time-to-event inputs the months reveal (every model freeze).
    traffic_noise : float or None
        Standard deviation of the log of a month's measured volume around its trend; with it,
        the months also measure ``workload.annual_growth`` (when it is uncertain).
    """

    months: tuple[int, ...]
    watched: tuple[str, ...]
    traffic_noise: float | None = None


def parse_waiting(block: object, located: LocatedYaml, uncertain: Collection[str],
                  horizon_months: int) -> Waiting:
    """Validate a ``waiting:`` mapping against the scenario's uncertain inputs and horizon.

    Raises
    ------
    PriorsError
        Naming the file, the line and the key, with the fix.
    """
    if block is None:
        block = {}
    if not isinstance(block, dict):
        raise located.error("waiting", f"must be a mapping like {{months: [3, 6, 12]}}; got"
                                       f" {show(block)}")
    for sub in block:
        if sub not in _WAITING_KEYS:
            raise located.error(f"waiting.{sub}", f"unknown key{suggest(sub, _WAITING_KEYS)}")
    months = block.get("months", [m for m in WAITING_MONTHS if m < horizon_months])
    if (not isinstance(months, list | tuple) or not months or len(months) > MAX_SIZES
            or not all(is_whole(m) and 0 < m < horizon_months for m in months)):
        raise located.error("waiting.months", f"must be a list of 1 to {MAX_SIZES} whole numbers"
                                              f" of months, each > 0 and shorter than the"
                                              f" horizon ({horizon_months}); got {show(months)}")
    noise = block.get("traffic_noise")
    if noise is not None and (not is_number(noise) or noise <= 0):
        raise located.error("waiting.traffic_noise", f"must be a number > 0 (the standard"
                                                     f" deviation of the log of a month's"
                                                     f" volume); got {show(noise)}")
    watched = tuple(p for p in uncertain if p.endswith(WATCHED_SUFFIX))
    return Waiting(tuple(sorted({int(m) for m in months})), watched,
                   None if noise is None else float(noise))
