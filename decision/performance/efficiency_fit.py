"""Benchmarks as evidence: measured throughput updates the efficiency priors of each platform
family through NUTS (``docs/performance.md``, "Benchmarks as evidence").

One PyMC model: per family the memory and compute efficiencies with their priors; per group of
results that share an input-token prior, one unknown mean prompt length; and for each result
without latency targets, ``log measured ~ Normal(log predicted, misfit)`` with the roofline's
saturated throughput (:func:`~decision.performance.roofline.saturated_tokens_per_chip`) written
once for NumPy and PyTensor. PyMC is imported here only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pymc as pm
import pytensor.tensor as pt

from decision.evidence.posterior import diagnose, posterior_statistics
from decision.evidence.pymc_model import exact_compilation, quiet_pymc, sampler_name
from decision.performance.benchmarks import Measured
from decision.performance.chips import PRECISIONS, sheet_chip
from decision.performance.efficiency import efficiency_prior
from decision.performance.roofline import Request, saturated_tokens_per_chip
from decision.performance.serving import serving_physics
from decision.report.schema import Diagnostics, PosteriorStats
from decision.scenario.serving_spec import Tokens

#: Prior of the log-scale scatter between the roofline and a measurement (its median is
#: about 13%).
MISFIT_SIGMA = 0.2
FIT_SEED = 20261122


@dataclass(frozen=True)
class EfficiencyFit:
    """What the measurements say about the efficiencies.

    Attributes
    ----------
    used, left_out : tuple of Measured
        Results fitted (no latency targets) and results left out (their batch depends on a
        latency target the fit does not model).
    prior : dict of str to tuple of float
        5th, 50th and 95th percentile of each efficiency's prior, by name
        (``gpu.efficiency_memory``).
    posterior : dict of str to PosteriorStats
        Every sampled quantity: the efficiencies, ``misfit``, each ``input_tokens[k]`` and
        each result's ``<id>.predicted`` tokens/s per chip.
    diagnostics : Diagnostics
    """

    used: tuple[Measured, ...]
    left_out: tuple[Measured, ...]
    prior: dict[str, tuple[float, float, float]]
    posterior: dict[str, PosteriorStats]
    diagnostics: Diagnostics


def fit_efficiencies(measured: tuple[Measured, ...], seed: int = FIT_SEED, chains: int = 4,
                     tune: int = 1000, draws: int = 1000) -> EfficiencyFit:
    """Update the efficiency priors of every platform family in ``measured`` with NUTS.

    Raises
    ------
    ValueError
        When no result is free of latency targets.
    """
    used = tuple(m for m in measured if m.serving.ttft_ms is None and m.serving.tpot_ms is None)
    left_out = tuple(m for m in measured if m not in used)
    if not used:
        raise ValueError("no result without latency targets to fit")
    families = sorted({m.serving.platforms["gpu"].family for m in used})
    prior = {}
    with pm.Model() as model:
        efficiency = {}
        for family in families:
            belief = efficiency_prior(family)
            efficiency[family] = (belief.memory.to_pymc(f"{family}.efficiency_memory"),
                                  belief.compute.to_pymc(f"{family}.efficiency_compute"))
            for kind, dist in (("memory", belief.memory), ("compute", belief.compute)):
                prior[f"{family}.efficiency_{kind}"] = tuple(
                    float(q) for q in dist.ppf([0.05, 0.5, 0.95]))
        misfit = pm.HalfNormal("misfit", sigma=MISFIT_SIGMA)
        prompts: list[tuple[Tokens, object]] = []
        for result in used:
            spec = result.serving
            sheet = spec.platforms["gpu"]
            memory, compute = efficiency[sheet.family]
            chip = replace(sheet_chip(sheet, spec.precision, lambda name: 0.5),
                           efficiency_memory=memory, efficiency_compute=compute)
            request = Request(_prompt(spec.input_tokens, prompts), spec.output_tokens.value,
                              PRECISIONS[spec.precision][1], PRECISIONS[spec.kv_precision][1])
            predicted = pm.Deterministic(f"{result.id}.predicted", saturated_tokens_per_chip(
                spec.model, chip, request, _replica_chips(result), xp=pt))
            pm.Normal(f"{result.id}.observed", mu=pt.log(predicted), sigma=misfit,
                      observed=np.log(result.tokens_per_s_per_chip))
    with quiet_pymc(), exact_compilation():
        tree = pm.sample(model=model, draws=draws, tune=tune, chains=chains, random_seed=seed,
                         target_accept=0.95, nuts_sampler=sampler_name(), progressbar=False,
                         compute_convergence_checks=False)
    return EfficiencyFit(used, left_out, prior, posterior_statistics(tree["posterior"].dataset),
                         diagnose(tree))


def _prompt(tokens: Tokens, prompts: list[tuple[Tokens, object]]):
    """The mean prompt length of a result: one unknown shared by results whose input tokens
    are written alike (a data set's), or the fixed number given."""
    if tokens.prior is None:
        return tokens.value
    for known, variable in prompts:
        if known == tokens:
            return variable
    variable = tokens.prior.to_pymc(f"input_tokens[{len(prompts)}]")
    prompts.append((tokens, variable))
    return variable


def _replica_chips(result: Measured) -> float:
    """The replica size the roofline picks most often for ``result`` under the priors."""
    chips = serving_physics(result.serving, FIT_SEED, 2_000).platforms["gpu"].result.chips
    values, counts = np.unique(chips, return_counts=True)
    return float(values[np.argmax(counts)])
