"""What would change our mind: the decision analysis of a run, as ``summary.json`` sections.

Value of information (:mod:`decision.voi`) on every draw the decision used; the tornado,
break-even table and importance ranking (:mod:`decision.sensitivity`) and the prior-widening
check (:mod:`decision.risk`) on the first :data:`ANALYSIS_DRAWS` of them, each re-evaluating
the cost model on common random numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from decision import risk, sensitivity, voi
from decision.conditional import ConditionalSavings
from decision.formatting import round_probability, round_significant, round_usd
from decision.inputs import BY_PATH, INPUT_GROUPS

#: Draws used by the analyses that re-run the cost model (a few hundred times each run).
ANALYSIS_DRAWS = 10_000
VOI_METHOD = ("regression on a tensor-product P-spline of the inputs' ranks, smoothing by GCV"
              " (Strong, Oakley & Brennan 2014)")


def mind_changers(model: ConditionalSavings, costs: xr.Dataset) -> dict[str, Any]:
    """The ``voi``, ``sensitivity``, ``break_even``, ``risk`` and ``robustness`` sections.

    Parameters
    ----------
    model : ConditionalSavings
        Over the draws the decision used.
    costs : xarray.Dataset
        The costs of those draws (:func:`decision.costs.evaluate_costs`).

    Returns
    -------
    dict
        JSON-ready; described in ``docs/results.md``.
    """
    totals = costs["monthly_cost"].sum("month")
    net_benefit = -np.column_stack([totals.sel(option=o).values for o in ("gpu", "asic")])
    savings = net_benefit[:, 1] - net_benefit[:, 0]
    part = model.head(ANALYSIS_DRAWS)
    found = sensitivity.responses(part, part.uncertain)
    return {
        "voi": value_of_information(model, net_benefit),
        "sensitivity": {
            "draws": part.draws,
            "expected_savings_usd": round_usd(part.savings().mean()),
            "tornado": [_tornado_entry(bar) for bar in sensitivity.tornado(part, found)],
            "importance_pawn": {p: round(v, 4) for p, v in
                                sensitivity.global_importance(part, savings[:part.draws]).items()},
        },
        "break_even": [_break_even_entry(b) for b in sensitivity.break_even(part, found)],
        "risk": risk_section(savings, float(totals.sel(option="gpu").mean())),
        "robustness": robustness_section(part),
    }


def value_of_information(model: ConditionalSavings, net_benefit: np.ndarray) -> dict[str, Any]:
    """EVPI, and EVPPI of every uncertain input and of each natural group, ranked, in USD."""
    singles = {p: voi.evppi(net_benefit, model.values[p]) for p in model.uncertain}
    groups = {}
    for name, members in INPUT_GROUPS.items():
        uncertain = [p for p in members if p in singles]
        if len(uncertain) < 2:
            continue
        # A group larger than a regression can take is valued on its most valuable members.
        kept = sorted(uncertain, key=lambda p: -singles[p].value)[:voi.MAX_GROUP]
        result = voi.evppi(net_benefit, np.column_stack([model.values[p] for p in kept]))
        groups[name] = {"inputs": kept, "evppi_usd": round_usd(result.value),
                        "standard_error_usd": round_usd(result.standard_error)}
    ranked = sorted(singles, key=lambda p: -singles[p].value)
    return {
        "evpi_usd": round_usd(voi.evpi(net_benefit)),
        "evppi_usd": {p: round_usd(singles[p].value) for p in ranked},
        "evppi_standard_error_usd": {p: round_usd(singles[p].standard_error) for p in ranked},
        "evppi_r_squared": {p: round(singles[p].r_squared, 4) for p in ranked},
        "groups": dict(sorted(groups.items(), key=lambda item: -item[1]["evppi_usd"])),
        "method": VOI_METHOD,
    }


def risk_section(savings: np.ndarray, gpu_cost: float) -> dict[str, Any]:
    """Opportunity loss, tail loss and loss exceedance of both options."""
    option = "asic" if savings.mean() > 0 else "gpu"
    loss = risk.opportunity_loss(savings)
    return {
        "recommended": {"option": option, "rule": "lower expected total cost over the horizon",
                        "expected_loss_usd": round_usd(loss[option])},
        "expected_opportunity_loss_usd": {o: round_usd(v) for o, v in loss.items()},
        "tail_loss_usd": {o: round_usd(risk.tail_loss(savings, o)) for o in ("gpu", "asic")},
        "tail_share": risk.TAIL,
        "loss_exceedance": [
            {"loss_usd": round_usd(e.usd), "share_of_gpu_cost": e.share_of_gpu_cost,
             "p_asic_loses_more": round_probability(e.p_asic_loses_more),
             "p_gpu_loses_more": round_probability(e.p_gpu_loses_more)}
            for e in risk.exceedance(savings, gpu_cost)
        ],
    }


def robustness_section(model: ConditionalSavings) -> dict[str, Any]:
    """The decision with every prior (not the evidenced inputs) widened 1.5x and 2x."""
    checks = risk.robustness(model, {p: BY_PATH[p].domain for p in model.uncertain},
                             keep=model.evidenced)
    base = checks[0].option
    return {
        "widened": [{"prior_spread": c.factor, "option": c.option,
                     "p_asic_cheaper": round_probability(c.p_asic_cheaper),
                     "expected_savings_usd": round_usd(c.expected_savings)} for c in checks],
        "flips": any(c.option != base for c in checks),
        "kept_as_fitted": sorted(model.evidenced),
    }


def _tornado_entry(bar: sensitivity.TornadoBar) -> dict[str, Any]:
    return {"input": bar.path, "low": round_significant(bar.low_value),
            "high": round_significant(bar.high_value),
            "savings_at_low_usd": round_usd(bar.savings_at_low),
            "savings_at_high_usd": round_usd(bar.savings_at_high),
            "swing_usd": round_usd(bar.swing)}


def _break_even_entry(b: sensitivity.BreakEven) -> dict[str, Any]:
    return {
        "input": b.path,
        "median": round_significant(b.current),
        "searched": [round_significant(v) for v in b.searched],
        "savings_zero": None if b.savings_zero is None else round_significant(b.savings_zero),
        "p_asic_cheaper_50": None if b.p_half is None else round_significant(b.p_half),
        "asic_favoured": "above" if b.asic_favoured_above else "below",
        "favours_throughout": (None if b.savings_zero is not None
                               else ("asic" if b.asic_favoured_throughout else "gpu")),
    }



