"""The ``serving:`` section of a priors file: the served model, its tokens, precision and
latency targets, and the platform sheets of the fleets (``docs/priors-format.md``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from decision.errors import PriorsError, SpecError
from decision.performance.chips import PRECISIONS
from decision.performance.efficiency import EfficiencyPrior, efficiency_prior
from decision.performance.shapes import ModelShape, find_model, load_model, model_from_mapping
from decision.platforms.catalogue import find_platform
from decision.platforms.sheet import FAMILIES, Platform, load_platform
from decision.scenario.catalogue import PLAUSIBLE_WORDS, Domain
from decision.scenario.distributions import build_prior
from decision.scenario.located_yaml import LocatedYaml, is_number, show, suggest
from decision.scenario.prior import Prior

SERVING_KEYS = ("model", "precision", "kv_precision", "input_tokens", "output_tokens", "ttft_ms",
                "tpot_ms", "efficiency", "tokens_per_day")
_EFFICIENCY_KINDS = ("memory", "compute")
_TOKEN_KEYS = ("dist", "kwargs", "ci90", "lower", "upper", "value", "source", "note")


@dataclass(frozen=True)
class Tokens:
    """Tokens per request: a fixed count or a prior, with its provenance."""

    value: float | None
    prior: Prior | None
    source: str | None


@dataclass(frozen=True)
class ServingSpec:
    """A validated ``serving:`` section.

    Attributes
    ----------
    model : ModelShape
    precision : str
        ``bf16``, ``fp8`` or ``int8``: the weights', which sets the compute peak used.
    input_tokens, output_tokens : Tokens
    ttft_ms, tpot_ms : float or None
        Latency targets, ``None`` when not set.
    platforms : dict of str to Platform
        The sheet of ``gpu`` and, when given, of ``asic``.
    origin : str
        ``"file:line"`` of the section.
    kv_precision : str
        The KV cache's (by default the weights').
    platform_keys : dict of str to str
        The key path that names each fleet's platform, for errors.
    efficiency : dict of str to EfficiencyPrior
        Efficiency priors the file sets, by platform family (``efficiency:``); the others
        keep their defaults (:meth:`efficiency_of`).
    tokens_per_day : Tokens or None
        The volume in tokens (input and output) a day, when the file states it so.
    precisions : dict of str to str
        Weight precisions of fleets that serve at another than :attr:`precision` (an option's
        ``precision:``).
    """

    model: ModelShape
    precision: str
    input_tokens: Tokens
    output_tokens: Tokens
    ttft_ms: float | None
    tpot_ms: float | None
    platforms: dict[str, Platform]
    origin: str
    kv_precision: str
    platform_keys: dict[str, str]
    efficiency: dict[str, EfficiencyPrior] = field(default_factory=dict)
    tokens_per_day: Tokens | None = None
    precisions: dict[str, str] = field(default_factory=dict)

    def precision_of(self, fleet: str) -> str:
        """The precision ``fleet`` serves at: its own when the file sets one, else
        :attr:`precision`."""
        return self.precisions.get(fleet, self.precision)

    def efficiency_of(self, family: str) -> EfficiencyPrior:
        """The efficiency priors of a platform family: the file's, else the defaults."""
        return self.efficiency.get(family) or efficiency_prior(family)


#: The platform keys of a ``serving:`` section, by fleet.
FLEET_KEYS = {"gpu": "gpu_platform", "asic": "asic_platform"}


def parse_serving(block: object, located: LocatedYaml, folder: Path, at: str = "serving",
                  fleet_keys: dict[str, str] | None = None) -> ServingSpec:
    """Check a ``serving:`` section; files it names are relative to ``folder`` (the priors
    file's).

    Parameters
    ----------
    block : object
        The section as read.
    located : LocatedYaml
        The file it was read from, for errors.
    folder : Path
    at : str
        The section's key path, which errors name (a benchmark file's ``results[0]``).
    fleet_keys : dict of str to str, optional
        The key naming each fleet's platform (:data:`FLEET_KEYS`); the first is required.
        Empty when the options of an ``options:`` section name the platforms.

    Raises
    ------
    PriorsError
        One line naming file, line and key.
    """
    fleet_keys = FLEET_KEYS if fleet_keys is None else fleet_keys
    known = (*SERVING_KEYS, *fleet_keys.values())
    first = list(fleet_keys.values())[:1]
    if not isinstance(block, dict):
        raise located.error(at, "must be a mapping: model, input_tokens, output_tokens, "
                                + ", ".join([*first, "..."]))
    for key in block:
        if key not in known:
            raise located.error(f"{at}.{key}", f"unknown key{suggest(key, known)}")
    for key in ("model", "input_tokens", "output_tokens", *first):
        if key not in block:
            raise located.error(at, f"{key} is missing; see docs/priors-format.md, 'Serving'")
    model = _model(block["model"], located, folder, f"{at}.model")
    precision = parse_precision(block, "precision", "bf16", located, at)
    kv_precision = parse_precision(block, "kv_precision", precision, located, at)
    output = _tokens(block["output_tokens"], located, f"{at}.output_tokens",
                     Domain.NON_NEGATIVE)
    if (model.architecture == "encoder") != (output.value == 0):
        raise located.error(f"{at}.output_tokens",
                            "must be 0 for an encoder, which generates no tokens" if
                            model.architecture == "encoder" else
                            "must be at least 1 for a model that generates tokens")
    platforms = {fleet: platform_sheet(block[key], located, f"{at}.{key}", folder)
                 for fleet, key in fleet_keys.items() if key in block}
    return ServingSpec(model, precision,
                       _tokens(block["input_tokens"], located, f"{at}.input_tokens",
                               Domain.POSITIVE),
                       output, _target(block, "ttft_ms", located, at),
                       _target(block, "tpot_ms", located, at), platforms, located.origin(at),
                       kv_precision, {fleet: f"{at}.{fleet_keys[fleet]}" for fleet in platforms},
                       _efficiency(block.get("efficiency", {}), located, f"{at}.efficiency"),
                       None if "tokens_per_day" not in block else _tokens(
                           block["tokens_per_day"], located, f"{at}.tokens_per_day",
                           Domain.POSITIVE))


def parse_precision(block: dict, key: str, default: str, located: LocatedYaml, at: str) -> str:
    """``block[key]``, a precision of :data:`PRECISIONS`, or ``default`` when absent."""
    value = block.get(key, default)
    if not isinstance(value, str) or value not in PRECISIONS:
        raise located.error(f"{at}.{key}", f"must be one of {', '.join(PRECISIONS)}; got"
                                           f" {show(value)}")
    return value


def _model(raw: object, located: LocatedYaml, folder: Path, key: str) -> ModelShape:
    if isinstance(raw, dict):
        return model_from_mapping(raw, located, f"{key}.")
    return _named_or_file(raw, located, key, folder, ("a shipped model (llama-3-70b, ...), a"
                                                      " model file (.yaml), or give the shape",
                                                      "model shape file"),
                          load_model, find_model)


def platform_sheet(raw: object, located: LocatedYaml, key: str, folder: Path) -> Platform:
    """The sheet ``raw`` names: a shipped platform, or a sheet file relative to ``folder``."""
    return _named_or_file(raw, located, key, folder, ("a platform of `decide platforms` or a"
                                                      " sheet file (.yaml)", "platform sheet"),
                          load_platform, find_platform)


def _named_or_file(raw: object, located: LocatedYaml, key: str, folder: Path,
                   words: tuple[str, str], load: Callable[[Path], object],
                   find: Callable[[str], object]):
    """A shipped entry by name, or a file (``.yaml``) relative to ``folder``; ``words``: what
    ``raw`` must name, and what the file is."""
    if not isinstance(raw, str):
        raise located.error(key, f"must name {words[0]}; got {show(raw)}")
    if raw.endswith((".yaml", ".yml")):
        path = folder / raw
        if not path.is_file():
            raise located.error(key, f"no {words[1]} at {path}")
        return load(path)
    try:
        return find(raw)
    except PriorsError as exc:
        raise located.error(key, exc.message) from None


def _tokens(raw: object, located: LocatedYaml, key: str, domain: Domain) -> Tokens:
    source = None
    if isinstance(raw, dict):
        for sub in raw:
            if sub not in _TOKEN_KEYS:
                raise located.error(f"{key}.{sub}", f"unknown key{suggest(sub, _TOKEN_KEYS)}")
        source = raw.get("source")
        if source is not None and not isinstance(source, str):
            raise located.error(f"{key}.source", "must be text")
        if "value" not in raw:
            try:
                prior = build_prior({k: v for k, v in raw.items()
                                     if k not in ("source", "note")}, domain)
            except SpecError as exc:
                raise located.error(f"{key}.{exc.field}" if exc.field else key,
                                    exc.message) from None
            return Tokens(None, prior, source)
        raw = raw["value"]
    if not is_number(raw) or not domain.contains(float(raw)) or not domain.plausible(float(raw)):
        raise located.error(key, f"must be a number of tokens, {domain.describe()} and"
                                 f" {PLAUSIBLE_WORDS}, or a distribution; got {show(raw)}")
    return Tokens(float(raw), None, source)


def _target(block: dict, key: str, located: LocatedYaml, at: str) -> float | None:
    if key not in block:
        return None
    value = block[key]
    if not is_number(value) or not Domain.POSITIVE.contains(float(value)):
        raise located.error(f"{at}.{key}", f"must be a time in milliseconds, greater than 0;"
                                              f" got {show(value)}")
    return float(value)


def _efficiency(block: object, located: LocatedYaml, at: str) -> dict[str, EfficiencyPrior]:
    if not isinstance(block, dict):
        raise located.error(at, "must map a platform family to {memory: prior, compute: prior}")
    out = {}
    for family, kinds in block.items():
        where = f"{at}.{family}"
        if family not in FAMILIES:
            raise located.error(where, f"unknown platform family{suggest(str(family), FAMILIES)}"
                                       f" (one of {', '.join(FAMILIES)})")
        if not isinstance(kinds, dict) or set(kinds) != set(_EFFICIENCY_KINDS):
            raise located.error(where, "needs both memory and compute, each a prior of a"
                                       " fraction, e.g. {dist: Beta, ci90: [0.6, 0.9]}")
        priors, sources = {}, []
        for kind in _EFFICIENCY_KINDS:
            spec = kinds[kind]
            if not isinstance(spec, dict):
                raise located.error(f"{where}.{kind}", f"must be a prior such as {{dist: Beta,"
                                                       f" ci90: [0.6, 0.9]}}; got {show(spec)}")
            try:
                priors[kind] = build_prior({k: v for k, v in spec.items()
                                            if k not in ("source", "note")},
                                           Domain.POSITIVE_FRACTION)
            except SpecError as exc:
                key = f"{where}.{kind}" + (f".{exc.field}" if exc.field else "")
                raise located.error(key, exc.message) from None
            sources.append(f"{kind}: {spec.get('source') or 'no source given'}")
        out[family] = EfficiencyPrior(priors["memory"], priors["compute"],
                                      f"{located.origin(where)} ({'; '.join(sources)})")
    return out
