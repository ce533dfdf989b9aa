"""A priors file -> a validated :class:`Scenario`; every error names file, line and key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from decision import defaults
from decision.claims.spec import Claim, parse_claims
from decision.errors import SpecError
from decision.evidence.parse import parse_evidence
from decision.evidence.spec import Evidence, NutsSettings
from decision.model.options import TWO_OPTIONS, OptionSet
from decision.scenario.catalogue import (
    CATALOGUE,
    PLAUSIBLE_WORDS,
    SECTIONS,
    Domain,
    InputSpec,
)
from decision.scenario.copula import copula_matrix
from decision.scenario.correlations import parse_correlations
from decision.scenario.distributions import build_prior, check_spec
from decision.scenario.inputs import Correlation, InputValue
from decision.scenario.located_yaml import LocatedYaml, is_version, is_whole, show, suggest
from decision.scenario.option_catalogue import SHARED_AFTER, SHARED_BEFORE
from decision.scenario.options_section import parse_options
from decision.scenario.sampling_section import parse_sampling
from decision.scenario.serving_inputs import serving_inputs
from decision.scenario.serving_spec import parse_serving
from decision.scenario.studies import Study, Waiting, parse_studies, parse_waiting

if TYPE_CHECKING:
    from decision.performance.serving import ServingPhysics

SCHEMA_VERSION = 1

_SCENARIO_KEYS = ("schema_version", "name", "description", "horizon_months", "sampling",
                  "correlations", "evidence", "claims", "serving", "options", "studies", "waiting")
_DIST_KEYS = ("dist", "kwargs", "ci90", "lower", "upper", "source", "note", "value")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_COUNTS = (Domain.COUNT, Domain.WHOLE)
#: Inputs that moved, by their former path: files written before keep working.
_RENAMED = {"workload.asic_addressable_fraction": "asic.addressable_fraction",
            "ops.asic_extra_fte": "asic.extra_fte"}
#: Longest scenario name: it names a folder, with room for a temporary suffix.
MAX_NAME = 100


@dataclass(frozen=True)
class Scenario:
    """A validated priors file: everything a run needs, nothing read twice.

    Attributes
    ----------
    name : str
        Names ``results/<name>/``.
    description : str
    file : str
        The priors file as given.
    horizon_months : int
    draws, seed : int
        Monte Carlo settings from ``sampling:`` (or the defaults).
    inputs : dict of str to InputValue
        Every input of the catalogue, in catalogue order.
    correlations : tuple of Correlation
    evidence : dict of str to Evidence
        Measured data per input path (``evidence:``), in file order.
    nuts : NutsSettings
        How NUTS samples the evidence model (``sampling.nuts``).
    claims : tuple of Claim
        Vendor claims to stress-test (``claims:``), in file order.
    serving : ServingPhysics or None
        The roofline of the ``serving:`` section, which supplied the inputs the file leaves
        out (``docs/performance.md``); ``None`` without one.
    options : OptionSet
        The options compared: those of ``options:``, or ``gpu`` and ``asic``.
    studies : tuple of Study
        Studies to value before deciding (``studies:``), in file order.
    waiting : Waiting or None
        Deciding later, valued as a strategy (``waiting:``).
    """

    name: str
    description: str
    file: str
    horizon_months: int
    draws: int
    seed: int
    inputs: dict[str, InputValue]
    correlations: tuple[Correlation, ...] = ()
    evidence: dict[str, Evidence] = field(default_factory=dict)
    nuts: NutsSettings = NutsSettings()
    claims: tuple[Claim, ...] = ()
    serving: ServingPhysics | None = None
    options: OptionSet = TWO_OPTIONS
    studies: tuple[Study, ...] = ()
    waiting: Waiting | None = None

    @property
    def uncertain(self) -> list[str]:
        """Paths of the inputs drawn from distributions, in catalogue order."""
        return [path for path, v in self.inputs.items() if v.uncertain]

    @property
    def copula(self) -> tuple[list[str], np.ndarray]:
        """The correlated inputs and the normal-scale correlation matrix of their copula."""
        return copula_matrix([(c.first, c.second, c.rank) for c in self.correlations])


def valid_name(name: object) -> bool:
    """Whether ``name`` can name a scenario: a plain name that can name a results folder."""
    return isinstance(name, str) and bool(_NAME.match(name)) and len(name) <= MAX_NAME


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a priors file.

    Parameters
    ----------
    path : str or Path
        The priors file (format: ``docs/priors-format.md``).

    Returns
    -------
    Scenario

    Raises
    ------
    PriorsError
        For any problem, with file, line, key and the fix.
    """
    file = str(path)
    located = LocatedYaml(file)
    raw = located.read(Path(path), empty_hint="start from `decide init FILE`",
                       top_level_hint="schema_version, horizon_months, workload, gpu, asic, ...")
    return _build_scenario(raw, located, Path(path).stem)


def as_scenario(source: str | Path | Scenario) -> Scenario:
    """``source`` when it is a :class:`Scenario` already (a caller that read the file to
    check it first), else the file it names read with :func:`load_scenario`."""
    return source if isinstance(source, Scenario) else load_scenario(source)


def _build_scenario(raw: dict, located: LocatedYaml, stem: str) -> Scenario:
    if "claims" in raw and "horizon_months" not in raw and not set(SECTIONS) & set(raw):
        raise located.error(None, "this is a claims file, not a priors file: test its claims"
                                  " with `decide stress PRIORS_FILE --claims` and this file")
    allowed = (*_SCENARIO_KEYS, *SECTIONS)
    for key in raw:
        if key not in allowed:
            raise located.error(key, f"unknown key{suggest(key, allowed)}")
    if "options" in raw:
        for key in ("gpu", "asic"):
            if key in raw:
                raise located.error(key, "a file with options: describes every fleet there;"
                                         f" move {key}: into options (docs/priors-format.md)")

    version = raw.get("schema_version", SCHEMA_VERSION)
    if not is_version(version, SCHEMA_VERSION):
        raise located.error("schema_version", f"must be {SCHEMA_VERSION}; got {version!r}")
    name = raw.get("name", stem)
    if not valid_name(name):
        raise located.error("name", f"must be a plain name of at most {MAX_NAME} characters"
                                    f" (letters, digits, - _ .) that can name a results folder;"
                                    f" got {show(name)}")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise located.error("description", "must be text")
    draws, seed, nuts = parse_sampling(raw.get("sampling", {}), located)

    folder = Path(located.file).parent
    section = None
    specs, keys, options = CATALOGUE, {}, TWO_OPTIONS
    if "options" in raw:
        section = parse_options(raw["options"], located, folder)
        specs = SHARED_BEFORE + section.specs + SHARED_AFTER
        keys, options = section.keys, section.options
    values: dict[str, object] = {} if section is None else dict(section.values)
    for name_of_section in SECTIONS:
        if section is not None and name_of_section in ("gpu", "asic"):
            continue
        block = raw.get(name_of_section, {})
        if not isinstance(block, dict):
            raise located.error(name_of_section, f"must be a mapping of {name_of_section}"
                                                 f" inputs; got {show(block)}")
        known = [s.key for s in specs if s.section == name_of_section]
        for key, value in block.items():
            alias = _RENAMED.get(f"{name_of_section}.{key}")
            if alias is not None and section is None:
                if alias in values or alias.partition(".")[2] in raw.get("asic", {}):
                    raise located.error(f"{name_of_section}.{key}", f"is {alias} now; give"
                                                                    " it once, there")
                values[alias], keys[alias] = value, f"{name_of_section}.{key}"
                continue
            if key not in known:
                raise located.error(f"{name_of_section}.{key}",
                                    f"unknown input{suggest(key, known)}")
            values[f"{name_of_section}.{key}"] = value
    if "horizon_months" in raw:
        values["horizon_months"] = raw["horizon_months"]

    supplied, derived_correlations, serving = {}, (), None
    if section is not None:
        supplied = {p: v for p, v in section.sheet_inputs.items() if p not in values}
    if "serving" in raw:
        spec = parse_serving(raw["serving"], located, folder,
                             fleet_keys=None if section is None else {})
        derived, derived_correlations, serving = serving_inputs(
            spec, set(values), seed, located, section)
        supplied |= derived
    # Every input, the claims and the evidence are checked as written before any prior is
    # fitted (which needs SciPy), so a mistake there is reported in a fraction of a second.
    for spec in specs:
        if spec.path not in supplied:
            _input_value(spec, values, located, keys.get(spec.path, spec.path), fit=False)
    catalogue = {spec.path: spec for spec in specs}
    claims = () if "claims" not in raw else parse_claims(raw["claims"], located,
                                                         catalogue=catalogue, options=options)
    written = {p for p, v in values.items() if isinstance(v, dict) and "value" not in v}
    drawn = written | {p for p, v in supplied.items() if v.prior is not None}
    if "evidence" in raw:
        parse_evidence(raw["evidence"], drawn, located.error, located.origin, catalogue,
                       fit=False)
    if "studies" in raw:
        parse_studies(raw["studies"], located, catalogue, drawn)
    if "waiting" in raw:
        horizon_value = _input_value(catalogue["horizon_months"], values, located,
                                     "horizon_months")
        parse_waiting(raw["waiting"], located, drawn, int(horizon_value.value))
    inputs = {spec.path: supplied[spec.path] if spec.path in supplied
              else _input_value(spec, values, located, keys.get(spec.path, spec.path))
              for spec in specs}
    horizon = int(inputs["horizon_months"].value)
    if horizon > defaults.MAX_HORIZON_MONTHS:
        raise located.error("horizon_months", f"must be at most {defaults.MAX_HORIZON_MONTHS}"
                                              f" months; got {horizon:,}")
    problem = defaults.size_problem(draws, horizon)
    if problem:
        raise located.error("sampling.draws", problem)
    correlations = parse_correlations(raw.get("correlations", []), inputs, located,
                                      derived_correlations)
    evidence = {}
    if "evidence" in raw:
        evidence = parse_evidence(raw["evidence"], {p for p, v in inputs.items()
                                                     if v.prior is not None},
                                  located.error, located.origin, catalogue)
    priors = {p: v.prior for p, v in inputs.items() if v.prior is not None}
    studies = () if "studies" not in raw else parse_studies(raw["studies"], located, inputs,
                                                            priors, priors)
    waiting = (None if "waiting" not in raw
               else parse_waiting(raw["waiting"], located, list(priors), horizon))
    return Scenario(name, description, located.file, horizon, draws, seed, inputs, correlations,
                    evidence, nuts, claims, serving, options, studies, waiting)


def _input_value(spec: InputSpec, values: dict, located: LocatedYaml, key: str,
                 fit: bool = True) -> InputValue | None:
    """The input ``spec`` as the file sets it at key path ``key``, or its default; with
    ``fit=False`` only what can be checked without fitting a prior (nothing is returned)."""
    if spec.path not in values:
        if spec.required:
            raise located.error(key, f"missing required input ({spec.meaning}, in"
                                           f" {spec.unit}); add it to the file")
        return InputValue(spec, float(spec.default), None, "default")
    raw = values[spec.path]
    origin = located.origin(key)
    if isinstance(raw, dict):
        for sub in raw:
            if sub not in _DIST_KEYS:
                raise located.error(f"{key}.{sub}", f"unknown key{suggest(sub, _DIST_KEYS)}")
        source, note = raw.get("source"), raw.get("note")
        for sub, text in (("source", source), ("note", note)):
            if text is not None and not isinstance(text, str):
                raise located.error(f"{key}.{sub}", "must be text")
        if "value" in raw:
            extra = set(raw) - {"value", "source", "note"}
            if extra:
                raise located.error(f"{key}.{sorted(extra)[0]}",
                                    "a fixed 'value' takes only source and note")
            return InputValue(spec, _fixed(spec, raw["value"], located, f"{key}.value"),
                              None, origin, source, note)
        if spec.domain in _COUNTS:
            raise located.error(key, "is a count: write a whole number, not a distribution")
        if spec.options:
            raise located.error(key, f"is a modelling choice: write one of"
                                           f" {', '.join(spec.options)}, not a distribution")
        try:
            if not fit:
                check_spec(raw, spec.domain)
                return None
            prior = build_prior(raw, spec.domain)
        except SpecError as exc:
            raise located.error(f"{key}.{exc.field}" if exc.field else key,
                                exc.message) from None
        return InputValue(spec, None, prior, origin, source, note)
    return InputValue(spec, _fixed(spec, raw, located, key), None, origin)


def _fixed(spec: InputSpec, raw: object, located: LocatedYaml, key: str) -> float:
    if spec.options:
        if raw not in spec.options:
            raise located.error(key, f"must be one of {', '.join(spec.options)}; got"
                                     f" {show(raw)}")
        return float(spec.options.index(raw))
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise located.error(key, f"must be a number or a distribution ({{dist, kwargs}} or"
                                 f" {{ci90: [low, high]}}); got {show(raw)}")
    value = float(raw)
    if spec.domain in _COUNTS and not is_whole(raw):
        raise located.error(key, f"is a count and must be a whole number; got {raw:g}")
    if not spec.domain.contains(value):
        raise located.error(key, f"must be {spec.domain.describe()}; got {value:g}")
    if not spec.domain.plausible(value):
        raise located.error(key, f"must be {PLAUSIBLE_WORDS}; got {value:g}: check the unit")
    return value
