"""Reading the ``evidence:`` section and ``sampling.nuts`` of a priors file into
:mod:`decision.evidence.spec` objects; every mistake names its key and the fix."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from decision.errors import PriorsError, SpecError
from decision.evidence.spec import (
    CHANGE_MODELS,
    FREEZE_INPUT,
    LIKELIHOODS,
    NOISE_MEANING,
    ChangeHistory,
    Evidence,
    Measurements,
    NutsSettings,
    Parameter,
    VendorClaim,
)
from decision.scenario.catalogue import BY_PATH, Domain, InputSpec
from decision.scenario.distributions import build_prior, check_spec
from decision.scenario.located_yaml import is_number, is_whole, show, suggest

_MEASUREMENT_KEYS = ("observed", "likelihood", "sigma", "concentration")
_CLAIM_KEYS = ("claimed", "inflation")
_HISTORY_KEYS = ("change_intervals_months", "months_since_last_change", "model", "shape",
                 "scale", "rate")
_PRIOR_KEYS = ("dist", "kwargs", "ci90", "lower", "upper")
_KEYS = (*_MEASUREMENT_KEYS, *_CLAIM_KEYS, *_HISTORY_KEYS, "source", "note")


Fail = Callable[[str, str], PriorsError]


def parse_evidence(block: object, uncertain: Collection[str], fail: Fail,
                   origin: Callable[[str], str],
                   specs: Mapping[str, InputSpec] = BY_PATH, *,
                   fit: bool = True) -> dict[str, Evidence]:
    """Validate the ``evidence:`` section.

    Parameters
    ----------
    block : object
        The section as parsed from YAML.
    uncertain : collection of str
        The inputs with a prior (evidence cannot update an input the file fixes).
    fail : callable
        ``(key, message) -> PriorsError`` locating the key in the file.
    origin : callable
        ``key -> "file:line"``.
    specs : mapping of str to InputSpec
        The inputs evidence may name (the scenario's, with an ``options:`` section).
    fit : bool
        Whether to fit the priors of the evidence model's parameters; without, only what can
        be checked before any prior is fitted (their parameters then carry no prior).

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
        spec = specs.get(path)
        if spec is None:
            raise fail(key, f"unknown input{suggest(str(path), list(specs))}")
        if (spec.domain in (Domain.COUNT, Domain.WHOLE) or spec.options
                or path == "horizon_months"):
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
        out[path] = _entry(spec, entry, path in uncertain, key, fail, origin(key), fit)
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


def _entry(spec: InputSpec, entry: dict, uncertain: bool, key: str, fail: Fail,
           origin: str, fit: bool) -> Evidence:
    provenance = {"source": entry.get("source"), "note": entry.get("note")}
    history_keys = [k for k in _HISTORY_KEYS if k in entry]
    if history_keys:
        if spec.key != FREEZE_INPUT.partition(".")[2]:
            raise fail(f"{key}.{history_keys[0]}", f"change history applies only to"
                                                   f" {FREEZE_INPUT} (or a custom option's"
                                                   " model_freeze_months)")
        mixed = [k for k in (*_MEASUREMENT_KEYS, *_CLAIM_KEYS) if k in entry]
        if mixed:
            raise fail(f"{key}.{mixed[0]}", "change history stands alone; give measurements or"
                                            " claims of the freeze as its prior instead")
        return Evidence(spec.path, origin, history=_history(entry, key, fail, fit),
                        **provenance)
    if "observed" not in entry and "claimed" not in entry:
        raise fail(key, "needs 'observed: [...]' (measurements) or 'claimed:' with 'inflation:'"
                        " (a vendor claim)")
    if not uncertain:
        raise fail(key, f"{spec.path} is fixed in the file; evidence updates a prior, so write"
                        " the input as a distribution, e.g. {ci90: [low, high]}")
    measurements = _measurements(spec, entry, key, fail, fit) if "observed" in entry else None
    if measurements is None:
        stray = [k for k in ("likelihood", "sigma", "concentration") if k in entry]
        if stray:
            raise fail(f"{key}.{stray[0]}", "belongs to measurements; add 'observed: [...]'")
    claim = (_claim(spec, entry, key, fail, fit) if ("claimed" in entry or "inflation" in entry)
             else None)
    return Evidence(spec.path, origin, measurements, claim, **provenance)


def _measurements(spec: InputSpec, entry: dict, key: str, fail: Fail,
                  fit: bool) -> Measurements:
    likelihood = entry.get("likelihood", spec.domain.default_family)
    if not isinstance(likelihood, str) or likelihood not in LIKELIHOODS:
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
    noise = _parameter(noise_name, entry[noise_name], f"{key}.{noise_name}", fail, fit)
    return Measurements(tuple(float(v) for v in observed), likelihood, noise)


def _claim(spec: InputSpec, entry: dict, key: str, fail: Fail, fit: bool) -> VendorClaim:
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
    inflation = _parameter("inflation", entry["inflation"], f"{key}.inflation", fail, fit,
                           prior_only=True)
    return VendorClaim(float(claimed), inflation.prior)


def _history(entry: dict, key: str, fail: Fail, fit: bool) -> ChangeHistory:
    model = entry.get("model", "Weibull")
    if not isinstance(model, str) or model not in CHANGE_MODELS:
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
    parameters = tuple(_parameter(name, entry.get(name, default), f"{key}.{name}", fail, fit)
                       for name, default in names.items())
    return ChangeHistory(tuple(float(v) for v in intervals), float(since), model, parameters)


def _parameter(name: str, raw: object, key: str, fail: Fail, fit: bool, *,
               prior_only: bool = False) -> Parameter:
    if isinstance(raw, dict):
        for field in raw:
            if field not in _PRIOR_KEYS:
                raise fail(f"{key}.{field}", f"unknown key{suggest(str(field), _PRIOR_KEYS)}")
        try:
            if not fit:
                check_spec(raw, Domain.POSITIVE)
                return Parameter(name, None, None)
            return Parameter(name, None, build_prior(raw, Domain.POSITIVE))
        except SpecError as exc:
            raise fail(f"{key}.{exc.field}" if exc.field else key, exc.message) from None
    if prior_only:
        raise fail(key, f"must be a prior such as {{dist: LogNormal, ci90: [1.0, 2.5]}}; got"
                        f" {show(raw)}")
    if not is_number(raw) or not raw > 0:
        raise fail(key, f"must be a number > 0 or a prior {{dist, kwargs}}; got {show(raw)}")
    return Parameter(name, float(raw), None)
