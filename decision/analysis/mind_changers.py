"""What would change our mind: the decision analysis of a run (:class:`MindChangers`).

Value of information (:mod:`decision.analysis.voi`) and the risk of the decision on every draw
the decision used; the tornado and break-even table (:mod:`decision.analysis.sensitivity`), the
prior-widening check (:mod:`decision.analysis.risk`) and the model risk re-evaluate the cost
model on common random numbers on the first :data:`decision.defaults.ANALYSIS_DRAWS` of them
and estimate expectations over all of them (:mod:`decision.analysis.subsample`); the importance
ranking reads the first :data:`decision.defaults.PAWN_DRAWS`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import xarray as xr

from decision.analysis import risk, sensitivity, voi
from decision.analysis.decision import RULE, recommend
from decision.analysis.model_risk import model_risk
from decision.analysis.subsample import Subsample
from decision.defaults import ANALYSIS_DRAWS, PAWN_DRAWS
from decision.model.conditional import ConditionalSavings
from decision.model.outcomes import horizon_totals
from decision.report.schema import (
    AgainstIncumbent,
    BreakEvenEntry,
    EVPPIGroup,
    LossExceedance,
    MindChangers,
    ModelAlternative,
    ModelRisk,
    RecommendedRisk,
    Risk,
    Robustness,
    Sensitivity,
    TornadoEntry,
    ValueOfInformation,
    Widened,
)
from decision.scenario.catalogue import INPUT_GROUPS

#: An option other than the incumbent and the contender gets its own tornado and break-even
#: against the incumbent when it is the cheapest in at least this share of the draws.
LIKELY = 0.05
#: Tornado bars (and break-even searches) per such option.
TOP_BARS = 5
VOI_METHOD = ("regression on an additive smooth of the inputs (linear in each value, a P-spline"
              " of its rank, pairwise interactions in a group), smoothing by GCV"
              " (Strong, Oakley & Brennan 2014)")


def mind_changers(model: ConditionalSavings, costs: xr.Dataset) -> MindChangers:
    """Value of information, sensitivity, break-even, risk and robustness of a decision.

    Parameters
    ----------
    model : ConditionalSavings
        Over the draws the decision used.
    costs : xarray.Dataset
        The costs of those draws (:func:`decision.model.costs.evaluate_costs`).

    Returns
    -------
    MindChangers
    """
    totals = horizon_totals(costs)
    base, other = model.pair
    net_benefit = -totals.values
    savings = totals.sel(option=base).values - totals.sel(option=other).values
    sample = Subsample(model, savings, ANALYSIS_DRAWS)
    pawn = model.head(PAWN_DRAWS)
    # The value of information and PAWN spend their time in BLAS and sorting, which release the
    # GIL: on a thread of their own they run beside the re-evaluations of the cost model.
    with ThreadPoolExecutor(max_workers=1) as background:
        voi = background.submit(value_of_information, model, net_benefit)
        importance = background.submit(sensitivity.global_importance, pawn,
                                       savings[:pawn.draws])
        cheapest = _share_cheapest(totals.values, model.scenario.options.names)
        samples = {model.contender: sample} | _likely_others(sample, totals.values, cheapest)
        each = sensitivity.responses_against_incumbent(samples)
        found = sensitivity.refined(sample, each[model.contender])
        break_even = [_break_even_entry(b) for b in sensitivity.break_even(sample, found)]
        others = ({name: against_incumbent(versus, each[name], cheapest[name])
                   for name, versus in samples.items() if name != model.contender}
                  if totals.sizes["option"] > 2 else None)
        robustness = robustness_section(sample)
        structural = model_risk_section(sample, totals.values)
        return MindChangers(
            against_incumbent=others,
            voi=voi.result(),
            sensitivity=Sensitivity(
                draws=sample.draws,
                expected_savings_usd=float(savings.mean()),
                tornado=[_tornado_entry(bar) for bar in sensitivity.tornado(found)],
                importance_pawn=importance.result(),
            ),
            break_even=break_even,
            risk=risk_section(savings, float(totals.sel(option=base).mean()), model.pair),
            robustness=robustness,
            model_risk=structural,
        )


def _share_cheapest(totals: np.ndarray, names: tuple[str, ...]) -> dict[str, float]:
    """The share of the draws in which each option (``names``, the columns of ``totals``) is
    the cheapest."""
    counts = np.bincount(totals.argmin(axis=1), minlength=totals.shape[1])
    return {name: float(count / totals.shape[0]) for name, count in zip(names, counts,
                                                                           strict=True)}


def _likely_others(sample: Subsample, totals: np.ndarray, cheapest: dict[str, float]
                   ) -> dict[str, Subsample]:
    """The options other than the incumbent and the contender that are the cheapest in at least
    :data:`LIKELY` of the draws, each on the draws of ``sample`` against the incumbent."""
    model = sample.full
    names = model.scenario.options.names
    incumbent = names.index(model.scenario.options.incumbent)
    return {name: sample.versus(name, totals[:, incumbent] - totals[:, i])
            for i, name in enumerate(names)
            if name not in model.pair and cheapest[name] >= LIKELY}


def against_incumbent(versus: Subsample, found: dict[str, sensitivity.Response],
                      cheapest: float) -> AgainstIncumbent:
    """Tornado and break-even of a likely option against the incumbent (:data:`TOP_BARS` of
    them), from its :func:`decision.analysis.sensitivity.responses`, ``found``."""
    bars = sensitivity.tornado(found)[:TOP_BARS]
    top = sensitivity.refined(versus, {bar.path: found[bar.path] for bar in bars})
    flips = [b for b in sensitivity.break_even(versus, top)
             if b.savings_zero is not None or b.p_half is not None]
    return AgainstIncumbent(cheapest, float(versus.savings.mean()),
                            [_tornado_entry(bar) for bar in bars],
                            [_break_even_entry(b) for b in flips])


def model_risk_section(sample: Subsample, totals: np.ndarray) -> list[ModelRisk]:
    """The decision under each option of the structural choices left at their default."""
    out = []
    model = sample.full
    many = len(model.scenario.options.options) > 2
    for path, (versus, alternatives) in model_risk(sample, totals).items():
        used = model.scenario.inputs[path].spec.options[int(model.values[path])]
        options = {a.recommendation for a in alternatives}
        out.append(ModelRisk(path, used, [
            ModelAlternative(a.option, a.p_asic_cheaper, a.expected_savings, a.recommendation)
            for a in alternatives], len(options) > 1, versus=versus if many else None))
    return out


def value_of_information(model: ConditionalSavings, net_benefit: np.ndarray
                         ) -> ValueOfInformation:
    """EVPI, and EVPPI of every uncertain input and of each natural group, ranked, in USD."""
    values = {p: model.values[p] for p in model.uncertain}
    members = {}
    for name, paths in INPUT_GROUPS.items():
        uncertain = [p for p in paths if p in values]
        if len(uncertain) >= 2:
            members[name] = uncertain
    regressions = voi.EVPPIRegressions(net_benefit, values)
    singles, _ = regressions.each()
    # A group larger than a regression can take is valued on its most valuable members.
    kept = {name: sorted(paths, key=lambda p: -singles[p].value)[:voi.MAX_GROUP]
            for name, paths in members.items()}
    groups = {}
    for name, result in regressions.each([], kept)[1].items():
        best = int(np.argmax(result.members))
        groups[name] = EVPPIGroup(kept[name], result.value, result.standard_error,
                                  kept[name][best], result.members[best],
                                  result.value < result.members[best])
    ranked = sorted(singles, key=lambda p: -singles[p].value)
    return ValueOfInformation(
        evpi_usd=voi.evpi(net_benefit),
        evppi_usd={p: singles[p].value for p in ranked},
        evppi_standard_error_usd={p: singles[p].standard_error for p in ranked},
        evppi_r_squared={p: singles[p].r_squared for p in ranked},
        # Ranked to the cent, so groups worth nothing keep catalogue order whatever their noise.
        groups=dict(sorted(groups.items(), key=lambda item: -round(item[1].evppi_usd, 2))),
        method=VOI_METHOD,
    )


def risk_section(savings: np.ndarray, gpu_cost: float, pair: tuple[str, str]) -> Risk:
    """Opportunity loss, tail loss and loss exceedance of the incumbent and the contender
    (``pair``), from savings (incumbent − contender) per draw."""
    option = recommend(float(savings.mean()), *pair)
    loss = risk.opportunity_loss(savings, pair)
    return Risk(
        recommended=RecommendedRisk(option, RULE, loss[option]),
        expected_opportunity_loss_usd=loss,
        tail_loss_usd={o: risk.tail_loss(savings, o == pair[1]) for o in pair},
        tail_share=risk.TAIL,
        loss_exceedance=[LossExceedance(e.usd, e.share_of_gpu_cost, e.p_asic_loses_more,
                                        e.p_gpu_loses_more)
                         for e in risk.exceedance(savings, gpu_cost)],
    )


def robustness_section(sample: Subsample) -> Robustness:
    """The decision with every prior (not the evidenced inputs) widened 1.5x and 2x."""
    model = sample.full
    checks = risk.robustness(sample, {p: model.scenario.inputs[p].spec.domain
                                      for p in model.uncertain},
                             keep=model.evidenced)
    base = checks[0].option
    return Robustness(
        widened=[Widened(c.factor, c.option, c.p_asic_cheaper, c.expected_savings)
                 for c in checks],
        flips=any(c.option != base for c in checks),
        kept_as_fitted=sorted(model.evidenced),
    )


def _tornado_entry(bar: sensitivity.TornadoBar) -> TornadoEntry:
    return TornadoEntry(bar.path, bar.low_value, bar.high_value, bar.savings_at_low,
                        bar.savings_at_high, bar.swing, bar.standard_error)


def _break_even_entry(b: sensitivity.BreakEven) -> BreakEvenEntry:
    return BreakEvenEntry(
        input=b.path,
        median=b.current,
        searched=list(b.searched),
        savings_zero=b.savings_zero,
        savings_jump_usd=None if b.savings_jump is None else list(b.savings_jump),
        p_asic_cheaper_50=b.p_half,
        p_asic_cheaper_jump=None if b.p_jump is None else list(b.p_jump),
        asic_favoured="above" if b.asic_favoured_above else "below",
        favours_throughout=None if b.savings_zero is not None else b.favours_throughout,
    )
