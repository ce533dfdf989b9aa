"""From the posterior ``DataTree`` to what the rest of a run needs: quantile functions that
replace the evidenced inputs' draws, summary statistics and convergence diagnostics.

The posterior draws enter the Monte Carlo through their quantile function, evaluated at the
uniforms that drive the input's prior draws. So draw ``i`` sits at the same quantile with and
without evidence (common random numbers: the prior-vs-posterior difference is the evidence's,
not sampling noise) and the rank correlations stated in the file carry over. Each evidence
entry updates one input, so with independent priors the posterior is the product of these
marginals; for inputs the file correlates, the evidence updates the marginals and the stated
rank correlation is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr
from arviz_stats import summary

from decision.analysis.decision import decision_summary
from decision.evidence.pymc_model import change_parameters, sample_posterior
from decision.evidence.survival import predictive_remaining_quantile
from decision.model.sampling import QuantileFunction
from decision.model.statistics import PERCENTILES
from decision.report.schema import (
    Diagnostics,
    EvidenceFitSummary,
    EvidenceInput,
    EvidenceSection,
    PosteriorStats,
    PriorStats,
    SamplerSettings,
)
from decision.scenario.priors_file import Scenario

#: Convergence thresholds (Vehtari et al. 2021): R-hat at most 1.01, bulk ESS at least 100 per
#: chain, no divergent transitions.
RHAT_MAX = 1.01
ESS_PER_CHAIN = 100


@dataclass(frozen=True)
class EvidenceFit:
    """A scenario's evidence, fitted.

    Attributes
    ----------
    tree : xarray.DataTree
        From :func:`decision.evidence.pymc_model.sample_posterior` (saved as ``posterior.nc``).
    quantiles : dict of str to callable
        Posterior quantile function per evidenced input (for ``draw_inputs``).
    diagnostics : Diagnostics
    """

    tree: xr.DataTree
    quantiles: dict[str, QuantileFunction]
    diagnostics: Diagnostics


def fit_evidence(scenario: Scenario, seed: int) -> EvidenceFit:
    """Sample the evidence model and derive what the run needs from it."""
    tree = sample_posterior(scenario, seed)
    return EvidenceFit(tree, quantile_functions(tree, scenario), diagnose(tree))


def quantile_functions(tree: xr.DataTree, scenario: Scenario) -> dict[str, QuantileFunction]:
    """The posterior quantile function of every evidenced input.

    Measurements and claims: the empirical quantile function of the posterior draws (linear
    interpolation between order statistics). Change history: the inverse of the predictive
    CDF of the remaining time, a mixture over the posterior draws of the time-to-change model.
    """
    posterior = tree["posterior"].dataset
    out: dict[str, QuantileFunction] = {}
    for path, evidence in scenario.evidence.items():
        if evidence.history is not None:
            shape, scale = change_parameters(posterior, path, evidence.history)
            out[path] = _remaining(shape.ravel(), scale.ravel(),
                                   evidence.history.months_since_last_change)
        else:
            out[path] = _empirical(posterior[path].values.ravel())
    return out


def input_statistics(tree: xr.DataTree, scenario: Scenario) -> dict[str, PosteriorStats]:
    """Posterior statistics of every evidenced input (``summary.json``'s ``posterior``).

    For change history the statistics are of the predictive remaining time (one predictive
    draw per posterior draw, so R-hat and ESS apply to it as to any sampled quantity).
    """
    out = {}
    for path, evidence in scenario.evidence.items():
        group = "posterior_predictive" if evidence.history is not None else "posterior"
        out |= posterior_statistics(tree[group].dataset[[path]])
    return out


def parameter_statistics(tree: xr.DataTree, scenario: Scenario
                         ) -> dict[str, dict[str, PosteriorStats]]:
    """Statistics of each evidence model's uncertain parameters, ``{path: {name: stats}}``."""
    posterior = tree["posterior"].dataset
    out = {}
    for path, evidence in scenario.evidence.items():
        names = [p.name for p in evidence.parameters if p.prior is not None]
        if names:
            found = posterior_statistics(posterior[[f"{path}.{name}" for name in names]])
            out[path] = {name: found[f"{path}.{name}"] for name in names}
    return out


def posterior_statistics(draws: xr.Dataset) -> dict[str, PosteriorStats]:
    """Mean, sd, 5th/50th/95th percentile (equal-tailed), R-hat, bulk ESS and the Monte
    Carlo standard error of the mean of every variable of ``draws`` (dims ``chain``,
    ``draw``), by ``arviz_stats.summary``."""
    options = {"fmt": "xarray", "round_to": "none", "ci_kind": "eti", "ci_prob": 0.9}
    full = summary(draws, kind="all", **options)
    medians = summary(draws, kind="stats_median", **options)

    def stat(table: xr.Dataset, name: str, row: str) -> float:
        return float(table[name].sel(summary=row))

    return {name: PosteriorStats(
        mean=stat(full, name, "mean"), sd=stat(full, name, "sd"),
        p05=stat(full, name, "eti90_lb"), p50=stat(medians, name, "median"),
        p95=stat(full, name, "eti90_ub"), r_hat=stat(full, name, "r_hat"),
        ess_bulk=stat(full, name, "ess_bulk"), mcse_mean=stat(full, name, "mcse_mean"))
        for name in draws.data_vars}


def diagnose(tree: xr.DataTree) -> Diagnostics:
    """R-hat, bulk ESS and divergences over every sampled quantity, checked against the
    thresholds above."""
    posterior = tree["posterior"].dataset
    chains = posterior.sizes["chain"]
    divergences = int(tree["sample_stats"].dataset["diverging"].sum())
    quantities = posterior
    if "posterior_predictive" in tree:
        quantities = xr.merge([posterior, tree["posterior_predictive"].dataset])
    table = summary(quantities, kind="diagnostics", fmt="xarray", round_to="none")
    r_hats = {name: float(table[name].sel(summary="r_hat")) for name in quantities.data_vars}
    ess_bulk = {name: float(table[name].sel(summary="ess_bulk")) for name in quantities.data_vars}
    worst_r = max(r_hats, key=r_hats.get)
    worst_ess = min(ess_bulk, key=ess_bulk.get)
    problems = []
    if divergences:
        problems.append(f"{divergences} divergent transitions")
    if not r_hats[worst_r] <= RHAT_MAX:
        problems.append(f"R-hat {r_hats[worst_r]:.3f} for {worst_r} (above {RHAT_MAX})")
    if not ess_bulk[worst_ess] >= ESS_PER_CHAIN * chains:
        problems.append(f"bulk ESS {ess_bulk[worst_ess]:.0f} for {worst_ess} (below"
                        f" {ESS_PER_CHAIN * chains}, 100 per chain)")
    return Diagnostics(not problems, divergences, r_hats[worst_r], ess_bulk[worst_ess], problems)


def summary_sections(fit: EvidenceFit, scenario: Scenario, prior_inputs: xr.Dataset,
                     prior_costs: xr.Dataset, versus: str | None = None
                     ) -> EvidenceFitSummary:
    """Each evidenced input's posterior, and what the evidence was and changed.

    Parameters
    ----------
    fit : EvidenceFit
    scenario : Scenario
    prior_inputs, prior_costs : xarray.Dataset
        The same draws through the priors alone (what the evidence is compared against).
    """
    parameters = parameter_statistics(fit.tree, scenario)
    inputs = {}
    for path, evidence in scenario.evidence.items():
        measured, claim, history = evidence.measurements, evidence.claim, evidence.history
        inputs[path] = EvidenceInput(
            kind=evidence.kind,
            prior=_prior_statistics(prior_inputs[path].values),
            observed=None if measured is None else list(measured.observed),
            likelihood=None if measured is None else measured.likelihood,
            claimed=None if claim is None else claim.claimed,
            change_intervals_months=None if history is None else list(history.intervals_months),
            months_since_last_change=None if history is None else history.months_since_last_change,
            model=None if history is None else history.model,
            parameters=parameters.get(path),
        )
    attrs = fit.tree.attrs
    return EvidenceFitSummary(
        posterior=input_statistics(fit.tree, scenario),
        evidence=EvidenceSection(
            inputs=inputs,
            sampler=SamplerSettings(**{key: attrs[key] for key in (
                "sampler", "chains", "tune", "draws", "target_accept")}),
            diagnostics=fit.diagnostics,
            prior_decision=decision_summary(prior_costs, versus),
        ),
    )


def _prior_statistics(values: np.ndarray) -> PriorStats:
    p05, p50, p95 = np.percentile(values, PERCENTILES)
    return PriorStats(float(np.mean(values)), float(p05), float(p50), float(p95))


def _empirical(draws: np.ndarray) -> QuantileFunction:
    ordered = np.sort(draws)
    return lambda u: np.quantile(ordered, u)


def _remaining(shape: np.ndarray, scale: np.ndarray, elapsed: float) -> QuantileFunction:
    return lambda u: predictive_remaining_quantile(u, shape, scale, elapsed)
