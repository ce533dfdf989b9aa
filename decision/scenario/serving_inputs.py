"""Inputs of the cost model that a ``serving:`` section supplies when the file leaves them out:
node figures from the platform sheets, from the roofline the GPU's requests/s per chip, the
ASIC's throughput ratio and its gain in requests per joule (for an ``options:`` file, each
option's), and requests a day from a volume in tokens (``docs/performance.md``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from decision.model.statistics import random_stream
from decision.performance.serving import (
    SERVING_DRAWS,
    PlatformPhysics,
    ServingPhysics,
    serving_physics,
)
from decision.platforms.sheet import ABSENT, Platform
from decision.scenario.catalogue import BY_PATH
from decision.scenario.inputs import Correlation, InputValue
from decision.scenario.located_yaml import LocatedYaml
from decision.scenario.sampled_prior import SampledPrior
from decision.scenario.serving_spec import ServingSpec, Tokens

if TYPE_CHECKING:
    from decision.scenario.options_section import OptionsSection

#: Cost-model inputs of each fleet read from its platform sheet: input key -> sheet field.
SHEET_INPUTS = {"chips_per_node": "chips_per_node", "node_power_kw": "node_wall_kw",
                "node_price_usd": "node_price_usd"}
PEAK = "gpu.peak_inferences_per_s_per_chip"
RATIO = "asic.throughput_ratio"
GAIN = "asic.perf_per_watt_gain"
VOLUME = "workload.inferences_per_day"
#: Rank correlations of derived inputs are kept this far inside (-1, 1) for the copula.
_MAX_RANK = 0.995


def serving_inputs(spec: ServingSpec, given: Collection[str], seed: int,
                   located: LocatedYaml, options: OptionsSection | None = None
                   ) -> tuple[dict[str, InputValue], tuple[Correlation, ...], ServingPhysics]:
    """The inputs ``spec`` supplies that are not in ``given`` (the paths the file sets), the
    rank correlations among the derived ones, and the roofline they come from.

    With ``options`` (an ``options:`` section), the platforms are the options' and the
    roofline supplies each owned or rented option's requests/s per chip and each custom
    option's throughput ratio and perf-per-watt gain over the incumbent.

    Raises
    ------
    PriorsError
        When a sheet marks a needed figure absent, or the roofline fails; one line.
    """
    if options is None:
        inputs = _sheet_inputs(spec, given, located)
        specs = BY_PATH
    else:
        platforms = _needing_roofline(options, given)
        spec = replace(spec, platforms=platforms, precisions=options.precisions,
                       platform_keys={n: f"options.{n}.platform" for n in platforms})
        inputs = {}
        specs = BY_PATH | {s.path: s for s in options.specs}
    physics = serving_physics(spec, seed)
    samples = (_two_option_samples(spec, physics, given, located) if options is None
               else _option_samples(options, physics, given, located))
    if spec.tokens_per_day is not None:
        samples[VOLUME] = _tokens_per_day(spec.tokens_per_day, seed) / (
            physics.input_tokens + physics.output_tokens)
    what = (f"roofline of {spec.model.name} at {spec.precision} on "
            + " vs ".join(p.platform.name for p in physics.platforms.values())
            + " (docs/performance.md)")
    derived = {path: sample for path, sample in samples.items() if path not in given}
    for path, sample in derived.items():
        source = what if path != VOLUME else (
            "serving.tokens_per_day over the tokens of a request"
            f" ({spec.tokens_per_day.source or 'no source given'})")
        inputs[path] = InputValue(specs[path], None, SampledPrior(sample, "roofline"),
                                  spec.origin, source)
    return inputs, _rank_correlations(derived), physics


def _needing_roofline(options: OptionsSection, given: Collection[str]) -> dict[str, Platform]:
    """The sheets of the options whose throughput the file does not give, and the incumbent's
    when a custom option's ratio is to come from the roofline."""
    needed = {}
    for option in options.options.options:
        derived = ((f"{option.name}.throughput_ratio",) if option.kind == "custom"
                   else (f"{option.name}.peak_inferences_per_s_per_chip",))
        if option.name in options.platforms and any(p not in given for p in derived):
            needed[option.name] = options.platforms[option.name]
            if option.kind == "custom" and options.options.incumbent in options.platforms:
                needed[options.options.incumbent] = options.platforms[options.options.incumbent]
    return {name: sheet for name, sheet in options.platforms.items() if name in needed}


def _two_option_samples(spec: ServingSpec, physics: ServingPhysics, given: Collection[str],
                        located: LocatedYaml) -> dict[str, np.ndarray]:
    gpu = physics.platforms["gpu"]
    g_rate = gpu.result.requests_per_s_per_chip
    samples = {PEAK: g_rate}
    asic = physics.platforms.get("asic")
    if asic is not None:
        samples |= _custom_samples("asic", asic, gpu, GAIN in given, spec.platform_keys["gpu"],
                                   spec.platform_keys["asic"], located)
    return samples


def _option_samples(options: OptionsSection, physics: ServingPhysics, given: Collection[str],
                    located: LocatedYaml) -> dict[str, np.ndarray]:
    samples = {}
    incumbent = options.options.incumbent
    for option in options.options.options:
        fleet = physics.platforms.get(option.name)
        if fleet is None:
            continue
        key = f"options.{option.name}.platform"
        if option.kind != "custom":
            samples[f"{option.name}.peak_inferences_per_s_per_chip"] = (
                fleet.result.requests_per_s_per_chip)
            continue
        base = physics.platforms.get(incumbent)
        if base is None:
            raise located.error(key, f"a custom option's throughput ratio comes from the"
                                     f" roofline against the incumbent's: give {incumbent} a"
                                     f" platform, or write {option.name}.throughput_ratio and"
                                     f" perf_per_watt_gain")
        samples |= _custom_samples(option.name, fleet, base,
                                   f"{option.name}.perf_per_watt_gain" in given,
                                   f"options.{incumbent}.platform", key, located)
    return samples


def _custom_samples(name: str, custom: PlatformPhysics, base: PlatformPhysics, gain_given: bool,
                    base_key: str, key: str, located: LocatedYaml) -> dict[str, np.ndarray]:
    """A custom part's throughput ratio and perf-per-watt gain over the incumbent's GPU."""
    a_rate, g_rate = custom.result.requests_per_s_per_chip, base.result.requests_per_s_per_chip
    samples = {f"{name}.throughput_ratio": a_rate / g_rate}
    if not gain_given:
        for fleet, at in ((base, base_key), (custom, key)):
            if fleet.watts_per_chip is None:
                raise located.error(
                    at, f"{name}.perf_per_watt_gain cannot be derived: {fleet.platform.name}'s"
                        f" sheet gives no node_wall_kw or chips_per_node; add"
                        f" {name}.perf_per_watt_gain to the file")
        samples[f"{name}.perf_per_watt_gain"] = ((a_rate / custom.watts_per_chip)
                                                 / (g_rate / base.watts_per_chip))
    return samples


def _tokens_per_day(tokens: Tokens, seed: int) -> np.ndarray:
    """The volume in tokens a day on the roofline's sample (a stream of its own)."""
    if tokens.prior is None:
        return np.full(SERVING_DRAWS, tokens.value)
    return tokens.prior.ppf(random_stream("serving.tokens_per_day", seed).random(SERVING_DRAWS))


def _sheet_inputs(spec: ServingSpec, given: Collection[str], located: LocatedYaml
                  ) -> dict[str, InputValue]:
    inputs = {}
    for fleet, sheet in spec.platforms.items():
        for key, field in SHEET_INPUTS.items():
            path = f"{fleet}.{key}"
            if path in given or path not in BY_PATH:  # the ASIC's power follows from its gain
                continue
            entry = sheet.entries[field]
            if entry.absent is not None:
                raise located.error(spec.platform_keys[fleet],
                                    f"{path} is not in the file and {sheet.name}'s {field} is"
                                    f" {ABSENT[entry.absent]}; add {path} to the file")
            inputs[path] = InputValue(BY_PATH[path], entry.value, entry.prior,
                                      f"{sheet.file}:{entry.line}", entry.source)
    return inputs


def _rank_correlations(samples: dict[str, np.ndarray]) -> tuple[Correlation, ...]:
    pairs = []
    for first, second in combinations(samples, 2):
        from scipy.stats import spearmanr

        rank = float(spearmanr(samples[first], samples[second]).statistic)
        if np.isfinite(rank) and rank != 0.0:
            pairs.append(Correlation(first, second, float(np.clip(rank, -_MAX_RANK, _MAX_RANK))))
    return tuple(pairs)
