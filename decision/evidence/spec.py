"""The ``evidence:`` section: measured data attached to model inputs, parsed and validated.

Three kinds of evidence (``docs/priors-format.md``), any input but the counts and the horizon:

- **measurements** of the input (``observed`` with a Normal, LogNormal or Beta likelihood and its
  noise, ``sigma`` or ``concentration``, known or with a prior);
- a **vendor claim** (``claimed``), evidence only through an ``inflation`` factor
  (claimed ÷ realised) with its own prior; measurements may come with it;
- the **change history** of the served model (``change_intervals_months``,
  ``months_since_last_change``), for ``asic.model_freeze_months`` only: a Weibull or Exponential
  time-to-change model whose posterior predictive *remaining* time replaces the input.

Nothing here imports PyMC: a file is checked completely before any sampling starts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from decision.errors import PriorsError, SpecError
from decision.scenario.catalogue import BY_PATH, FIXED_COUNTS, Domain, InputSpec
from decision.scenario.distributions import build_prior
from decision.scenario.located_yaml import is_number, is_whole, show, suggest
from decision.scenario.prior import Prior

#: The input change history replaces.
FREEZE_INPUT = "asic.model_freeze_months"
#: Likelihood -> (support low, support high, the noise parameter it takes).
LIKELIHOODS = {
    "Normal": (-math.inf, math.inf, "sigma"),
    "LogNormal": (0.0, math.inf, "sigma"),
    "Beta": (0.0, 1.0, "concentration"),
}
NOISE_MEANING = {
    "sigma": "the measurement noise: a number or a prior such as {dist: HalfNormal, kwargs:"
             " {sigma: 0.1}}",
    "concentration": "how tightly samples scatter around the mean, alpha + beta of the Beta: a"
                     " number or a prior such as {dist: Gamma, kwargs: {alpha: 2, beta: 0.05}}",
}
#: Time-to-change models -> their parameters and the priors used when none is given.
CHANGE_MODELS: dict[str, dict[str, dict]] = {
    "Weibull": {
        "shape": {"dist": "LogNormal", "kwargs": {"mu": 0.0, "sigma": 0.5}},
        "scale": {"dist": "LogNormal", "kwargs": {"mu": math.log(24.0), "sigma": 1.0}},
    },
    "Exponential": {
        "rate": {"dist": "Gamma", "kwargs": {"alpha": 1.0, "beta": 12.0}},
    },
}
_MEASUREMENT_KEYS = ("observed", "likelihood", "sigma", "concentration")
_CLAIM_KEYS = ("claimed", "inflation")
_HISTORY_KEYS = ("change_intervals_months", "months_since_last_change", "model", "shape",
                 "scale", "rate")
_PRIOR_KEYS = ("dist", "kwargs", "ci90", "lower", "upper")
_KEYS = (*_MEASUREMENT_KEYS, *_CLAIM_KEYS, *_HISTORY_KEYS, "source", "note")

Fail = Callable[[str, str], PriorsError]


@dataclass(frozen=True)
class Parameter:
    """A parameter of the evidence model: known (``value``) or uncertain (``prior``)."""

    name: str
    value: float | None
    prior: Prior | None


@dataclass(frozen=True)
class Measurements:
    """Observations of an input: ``observed_i ~ likelihood(input, noise)``.

    Normal: mean = the input, sd = ``sigma``. LogNormal: median = the input, sd of the log =
    ``sigma``. Beta: mean = the input, ``alpha + beta`` = ``concentration``.
    """

    observed: tuple[float, ...]
    likelihood: str
    noise: Parameter


@dataclass(frozen=True)
class VendorClaim:
    """A vendor's figure: ``claimed = realised × inflation``, ``inflation ~ prior``."""

    claimed: float
    inflation: Prior


@dataclass(frozen=True)
class ChangeHistory:
    """Past intervals between model changes and the still-running one (right-censored)."""

    intervals_months: tuple[float, ...]
    months_since_last_change: float
    model: str
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True)
class Evidence:
    """Everything the file says about one input's data."""

    path: str
    origin: str
    measurements: Measurements | None = None
    claim: VendorClaim | None = None
    history: ChangeHistory | None = None
    source: str | None = None
    note: str | None = None

    @property
    def kind(self) -> str:
        """In words: ``"measurements"``, ``"vendor claim"``, both, or ``"change history"``."""
        if self.history is not None:
            return "change history"
        parts = [name for name, part in (("measurements", self.measurements),
                                         ("vendor claim", self.claim)) if part is not None]
        return " and ".join(parts)

    def describe(self) -> str:
        """The evidence in a few words, e.g. ``"5 observations (Beta likelihood)"``."""
        if self.history is not None:
            h = self.history
            return (f"{len(h.intervals_months)} past changes and a model"
                    f" {h.months_since_last_change:g} months old ({h.model}); the posterior is"
                    " the remaining time")
        parts = []
        if self.measurements is not None:
            parts.append(f"{len(self.measurements.observed)} observations"
                         f" ({self.measurements.likelihood} likelihood)")
        if self.claim is not None:
            parts.append(f"a vendor claim of {self.claim.claimed:g} through an inflation prior")
        return "; ".join(parts)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The evidence model's own parameters (noise, inflation, time-to-change)."""
        if self.history is not None:
            return self.history.parameters
        out = []
        if self.measurements is not None:
            out.append(self.measurements.noise)
        if self.claim is not None:
            out.append(Parameter("inflation", None, self.claim.inflation))
        return tuple(out)


@dataclass(frozen=True)
class NutsSettings:
    """How NUTS samples the evidence model (``sampling.nuts`` in the file)."""

    chains: int = 4
    tune: int = 1000
    draws: int = 1000
    target_accept: float = 0.9


def parse_evidence(block: object, priors: Mapping[str, Prior | None], fail: Fail,
                   origin: Callable[[str], str]) -> dict[str, Evidence]:
    """Validate the ``evidence:`` section.

    Parameters
    ----------
    block : object
        The section as parsed from YAML.
    priors : mapping of str to Prior or None
        Every input's prior (``None`` when the file fixes it).
    fail : callable
        ``(key, message) -> PriorsError`` locating the key in the file.
    origin : callable
        ``key -> "file:line"``.

    Returns
    -------
    dict of str to Evidence
        Keyed by input path, in file order.
    """
    if not isinstance(block, dict) or not block:
        raise fail("evidence", "must be a mapping of input path to its data, e.g."
                               " {gpu.utilization: {observed: [0.41, 0.38], ...}}")
    out = {}
    for path, entry in block.items():
        key = f"evidence.{path}"
        spec = BY_PATH.get(path)
        if spec is None:
            raise fail(key, f"unknown input{suggest(str(path), list(BY_PATH))}")
        if path in FIXED_COUNTS or path == "horizon_months":
            raise fail(key, "is a fixed setting, not an uncertain input; evidence cannot"
                            " update it")
        if not isinstance(entry, dict):
            raise fail(key, f"must be a mapping (observed, likelihood, ...); got {show(entry)}")
        for name in entry:
            if name not in _KEYS:
                raise fail(f"{key}.{name}", f"unknown key{suggest(str(name), _KEYS)}")
        for name in ("source", "note"):
            if name in entry and not isinstance(entry[name], str):
                raise fail(f"{key}.{name}", "must be text")
        out[path] = _entry(spec, entry, priors[path], key, fail, origin(key))
    return out


def parse_nuts(block: object, fail: Fail) -> NutsSettings:
    """Validate ``sampling.nuts`` (chains, tune, draws, target_accept)."""
    if not isinstance(block, dict):
        raise fail("sampling.nuts", "must be a mapping like {chains: 4, tune: 1000, draws: 1000}")
    defaults = NutsSettings()
    known = ("chains", "tune", "draws", "target_accept")
    for name in block:
        if name not in known:
            raise fail(f"sampling.nuts.{name}", f"unknown key{suggest(str(name), known)}")
    values = {}
    for name, least in (("chains", 2), ("tune", 0), ("draws", 1)):
        value = block.get(name, getattr(defaults, name))
        if not is_whole(value) or value < least:
            raise fail(f"sampling.nuts.{name}", f"must be a whole number >= {least}; got"
                                                f" {show(value)}")
        values[name] = int(value)
    accept = block.get("target_accept", defaults.target_accept)
    if not is_number(accept) or not 0 < accept < 1:
        raise fail("sampling.nuts.target_accept", f"must be a number in (0, 1); got"
                                                  f" {show(accept)}")
    return NutsSettings(target_accept=float(accept), **values)


def _entry(spec: InputSpec, entry: dict, prior: Prior | None, key: str, fail: Fail,
           origin: str) -> Evidence:
    provenance = {"source": entry.get("source"), "note": entry.get("note")}
    history_keys = [k for k in _HISTORY_KEYS if k in entry]
    if history_keys:
        if spec.path != FREEZE_INPUT:
            raise fail(f"{key}.{history_keys[0]}", f"change history applies only to"
                                                   f" {FREEZE_INPUT}")
        mixed = [k for k in (*_MEASUREMENT_KEYS, *_CLAIM_KEYS) if k in entry]
        if mixed:
            raise fail(f"{key}.{mixed[0]}", "change history stands alone; give measurements or"
                                            " claims of the freeze as its prior instead")
        return Evidence(spec.path, origin, history=_history(entry, key, fail), **provenance)
    if "observed" not in entry and "claimed" not in entry:
        raise fail(key, "needs 'observed: [...]' (measurements) or 'claimed:' with 'inflation:'"
                        " (a vendor claim)")
    if prior is None:
        raise fail(key, f"{spec.path} is fixed in the file; evidence updates a prior, so write"
                        " the input as a distribution, e.g. {ci90: [low, high]}")
    measurements = _measurements(spec, entry, key, fail) if "observed" in entry else None
    if measurements is None:
        stray = [k for k in ("likelihood", "sigma", "concentration") if k in entry]
        if stray:
            raise fail(f"{key}.{stray[0]}", "belongs to measurements; add 'observed: [...]'")
    claim = _claim(spec, entry, key, fail) if ("claimed" in entry or "inflation" in entry) \
        else None
    return Evidence(spec.path, origin, measurements, claim, **provenance)


def _measurements(spec: InputSpec, entry: dict, key: str, fail: Fail) -> Measurements:
    likelihood = entry.get("likelihood", spec.domain.default_family)
    if likelihood not in LIKELIHOODS:
        raise fail(f"{key}.likelihood", f"likelihood {show(likelihood)} is not supported; use"
                                        f" one of {', '.join(LIKELIHOODS)}")
    low, high, noise_name = LIKELIHOODS[likelihood]
    if likelihood == "Beta" and spec.domain not in (Domain.FRACTION, Domain.POSITIVE_FRACTION):
        raise fail(f"{key}.likelihood", f"Beta fits fractions; {spec.path} is in {spec.unit}:"
                                        " use LogNormal or Normal")
    if likelihood == "LogNormal" and spec.domain is Domain.GROWTH:
        raise fail(f"{key}.likelihood", f"LogNormal needs a positive input; {spec.path} can be"
                                        " negative: use Normal")
    observed = entry["observed"]
    if not isinstance(observed, list) or not observed:
        raise fail(f"{key}.observed", f"must be a non-empty list of numbers; got"
                                      f" {show(observed)}")
    for i, value in enumerate(observed, start=1):
        if not is_number(value):
            raise fail(f"{key}.observed", f"item {i} is not a number: {show(value)}")
        if not low < value < high:
            raise fail(f"{key}.observed", f"item {i} ({value:g}) is outside the {likelihood}"
                                          f" likelihood's support ({low:g}, {high:g})")
    other = "concentration" if noise_name == "sigma" else "sigma"
    if other in entry:
        raise fail(f"{key}.{other}", f"a {likelihood} likelihood takes '{noise_name}', not"
                                     f" '{other}'")
    if noise_name not in entry:
        raise fail(key, f"a {likelihood} likelihood needs '{noise_name}': "
                        f"{NOISE_MEANING[noise_name]}")
    noise = _parameter(noise_name, entry[noise_name], f"{key}.{noise_name}", fail)
    return Measurements(tuple(float(v) for v in observed), likelihood, noise)


def _claim(spec: InputSpec, entry: dict, key: str, fail: Fail) -> VendorClaim:
    for name in _CLAIM_KEYS:
        if name not in entry:
            other = "inflation" if name == "claimed" else "claimed"
            raise fail(f"{key}.{other}", f"'{other}' needs '{name}': a claim is evidence only"
                                         " through an inflation factor (claimed ÷ realised)"
                                         " with its own prior")
    claimed = entry["claimed"]
    if not is_number(claimed) or not claimed > 0 or not spec.domain.contains(float(claimed)):
        raise fail(f"{key}.claimed", f"must be a positive number within the input's domain"
                                     f" ({spec.domain.describe()}); got {show(claimed)}")
    inflation = _parameter("inflation", entry["inflation"], f"{key}.inflation", fail,
                           prior_only=True)
    return VendorClaim(float(claimed), inflation.prior)


def _history(entry: dict, key: str, fail: Fail) -> ChangeHistory:
    model = entry.get("model", "Weibull")
    if model not in CHANGE_MODELS:
        raise fail(f"{key}.model", f"model {show(model)} is not supported; use one of"
                                   f" {', '.join(CHANGE_MODELS)}")
    for name in ("change_intervals_months", "months_since_last_change"):
        if name not in entry:
            raise fail(key, f"change history needs '{name}'")
    intervals = entry["change_intervals_months"]
    if not isinstance(intervals, list) or not intervals:
        raise fail(f"{key}.change_intervals_months", "must be a non-empty list of months"
                                                     f" between past changes; got"
                                                     f" {show(intervals)}")
    for i, value in enumerate(intervals, start=1):
        if not is_number(value) or not value > 0:
            raise fail(f"{key}.change_intervals_months", f"item {i} must be a number of months"
                                                         f" > 0; got {show(value)}")
    since = entry["months_since_last_change"]
    if not is_number(since) or since < 0:
        raise fail(f"{key}.months_since_last_change", f"must be a number of months >= 0; got"
                                                      f" {show(since)}")
    names = CHANGE_MODELS[model]
    for name in ("shape", "scale", "rate"):
        if name in entry and name not in names:
            raise fail(f"{key}.{name}", f"a {model} model takes {', '.join(names)}, not"
                                        f" '{name}'")
    parameters = tuple(_parameter(name, entry.get(name, default), f"{key}.{name}", fail)
                       for name, default in names.items())
    return ChangeHistory(tuple(float(v) for v in intervals), float(since), model, parameters)


def _parameter(name: str, raw: object, key: str, fail: Fail, *, prior_only: bool = False
               ) -> Parameter:
    if isinstance(raw, dict):
        for field in raw:
            if field not in _PRIOR_KEYS:
                raise fail(f"{key}.{field}", f"unknown key{suggest(str(field), _PRIOR_KEYS)}")
        try:
            return Parameter(name, None, build_prior(raw, Domain.POSITIVE))
        except SpecError as exc:
            raise fail(f"{key}.{exc.field}" if exc.field else key, exc.message) from None
    if prior_only:
        raise fail(key, f"must be a prior such as {{dist: LogNormal, ci90: [1.0, 2.5]}}; got"
                        f" {show(raw)}")
    if not is_number(raw) or not raw > 0:
        raise fail(key, f"must be a number > 0 or a prior {{dist, kwargs}}; got {show(raw)}")
    return Parameter(name, float(raw), None)
