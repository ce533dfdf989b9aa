"""Inputs of the cost model that a ``serving:`` section supplies when the file leaves them out:
node figures from the platform sheets, and from the roofline the GPU's requests/s per chip,
the ASIC's throughput ratio and its gain in requests per joule (``docs/performance.md``)."""

from __future__ import annotations

from collections.abc import Collection
from itertools import combinations

import numpy as np
from scipy.stats import spearmanr

from decision.performance.serving import ServingPhysics, serving_physics
from decision.platforms.sheet import ABSENT
from decision.scenario.catalogue import BY_PATH
from decision.scenario.inputs import Correlation, InputValue
from decision.scenario.located_yaml import LocatedYaml
from decision.scenario.sampled_prior import SampledPrior
from decision.scenario.serving_spec import ServingSpec

#: Cost-model inputs of each fleet read from its platform sheet: input key -> sheet field.
SHEET_INPUTS = {"chips_per_node": "chips_per_node", "node_power_kw": "node_wall_kw",
                "node_price_usd": "node_price_usd"}
PEAK = "gpu.peak_inferences_per_s_per_chip"
RATIO = "asic.throughput_ratio"
GAIN = "asic.perf_per_watt_gain"
#: Rank correlations of derived inputs are kept this far inside (-1, 1) for the copula.
_MAX_RANK = 0.995


def serving_inputs(spec: ServingSpec, given: Collection[str], seed: int,
                   located: LocatedYaml
                   ) -> tuple[dict[str, InputValue], tuple[Correlation, ...], ServingPhysics]:
    """The inputs ``spec`` supplies that are not in ``given`` (the paths the file sets), the
    rank correlations among the derived ones, and the roofline they come from.

    Raises
    ------
    PriorsError
        When a sheet marks a needed figure absent, or the roofline fails; one line.
    """
    inputs = _sheet_inputs(spec, given, located)
    physics = serving_physics(spec, seed)
    gpu = physics.platforms["gpu"]
    g_rate = gpu.result.requests_per_s_per_chip
    samples = {PEAK: g_rate}
    asic = physics.platforms.get("asic")
    if asic is not None:
        a_rate = asic.result.requests_per_s_per_chip
        samples[RATIO] = a_rate / g_rate
        if GAIN not in given:
            for fleet in (gpu, asic):
                if fleet.watts_per_chip is None:
                    raise located.error(
                        spec.platform_keys["asic" if fleet is asic else "gpu"],
                        f"{GAIN} cannot be derived: {fleet.platform.name}'s sheet gives no"
                        f" node_wall_kw or chips_per_node; add {GAIN} to the file")
            samples[GAIN] = (a_rate / asic.watts_per_chip) / (g_rate / gpu.watts_per_chip)
    what = (f"roofline of {spec.model.name} at {spec.precision} on "
            + " vs ".join(p.platform.name for p in physics.platforms.values())
            + " (docs/performance.md)")
    derived = {path: sample for path, sample in samples.items() if path not in given}
    for path, sample in derived.items():
        inputs[path] = InputValue(BY_PATH[path], None, SampledPrior(sample, "roofline"),
                                  spec.origin, what)
    return inputs, _rank_correlations(derived), physics


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
        rank = float(spearmanr(samples[first], samples[second]).statistic)
        if np.isfinite(rank) and rank != 0.0:
            pairs.append(Correlation(first, second, float(np.clip(rank, -_MAX_RANK, _MAX_RANK))))
    return tuple(pairs)
