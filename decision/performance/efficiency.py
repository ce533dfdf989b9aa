"""Efficiency factors: the share of a chip's memory bandwidth and compute peak a serving stack
achieves. They are priors with sourced defaults per platform family (``docs/performance.md``);
measured benchmarks are meant to update them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from decision.scenario.catalogue import Domain
from decision.scenario.distributions import build_prior
from decision.scenario.prior import Prior


@dataclass(frozen=True)
class EfficiencyPrior:
    """The memory and compute efficiency priors of one platform family, with their source."""

    memory: Prior
    compute: Prior
    source: str


_GPU_SOURCE = (
    "memory 0.6-0.9: InferSim's calibrated 0.80-0.82 on H100/A100 (inference-sim #415, 2025),"
    " llm-analysis's 0.9 'aggressive' (2023), LLM-Viewer issue #4's measured 0.52-0.69 of the"
    " pure roofline end to end (2023); compute 0.4-0.7: llm-analysis 'up to 0.7 for"
    " inference' (2023), mlsysim's 0.5 for prefill (2025)")
_UNMEASURED = (
    "no published serving efficiency for this family was found (2026): the GPU range,"
    " until benchmarks of the platform update it")


@cache  # every platform family shares these two priors; solving one takes about 25 ms
def _beta(low: float, high: float) -> Prior:
    return build_prior({"dist": "Beta", "ci90": [low, high]}, Domain.POSITIVE_FRACTION)


def efficiency_prior(family: str) -> EfficiencyPrior:
    """The efficiency priors of a platform family (``gpu``, ``tpu``, ``accelerator``, ``sram``,
    ``wafer``)."""
    source = _GPU_SOURCE if family == "gpu" else f"{_UNMEASURED}; {_GPU_SOURCE}"
    return EfficiencyPrior(_beta(0.6, 0.9), _beta(0.4, 0.7), source)
