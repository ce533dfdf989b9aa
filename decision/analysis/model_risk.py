"""Model risk: the decision under each option of every structural choice the file leaves at
its default, on the same draws, so that a decision resting on a modelling choice says so.

A choice of the incumbent or the contender is read on their savings. In a file with more
options, a choice of another option moves only that option's costs: it is read on that
option against the incumbent, and the decision is the option with the lowest expected total,
the others' totals as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.analysis.decision import recommend
from decision.analysis.subsample import Subsample


@dataclass(frozen=True)
class Alternative:
    """The decision with one structural choice set to ``option``: P(``versus`` cheaper than
    the incumbent), their expected savings, and the option recommended."""

    option: str
    p_asic_cheaper: float
    expected_savings: float
    recommendation: str


def model_risk(sample: Subsample, totals: np.ndarray) -> dict[str, tuple[str, list[Alternative]]]:
    """Every option of each structural choice not written in the file, by choice path, with
    the option whose savings against the incumbent the alternatives give.

    The option in use is read from the run's draws; the others are re-evaluated on the first
    draws of ``sample``.

    Parameters
    ----------
    sample : Subsample
        The draws the decision analysis uses.
    totals : ndarray, shape (draw, option)
        Each option's total on every draw, as the decision found them.
    """
    model = sample.full
    options = model.scenario.options
    names = options.names
    base, contender = model.pair
    expected = dict(zip(names, totals.mean(axis=0).tolist(), strict=True))
    out = {}
    for path, value in model.scenario.inputs.items():
        choices = value.spec.options
        if not choices or value.origin != "default":
            continue
        owner = path.partition(".")[0]
        if options.enters(path, model.pair) or owner not in names:
            owner = contender
        versus = sample.versus(owner, totals[:, names.index(base)] - totals[:, names.index(owner)])
        estimate = versus.estimate()
        alternatives = []
        for index, choice in enumerate(choices):
            if index == int(model.values[path]):
                savings = float(versus.savings.mean())
                p_cheaper = float((versus.savings > 0).mean())
            else:
                drawn = versus.model.totals({path: float(index)}, options=(base, owner))
                pair = options.subset((base, owner)).names
                saved = drawn[:, pair.index(base)] - drawn[:, pair.index(owner)]
                savings = float(estimate.mean(saved))
                p_cheaper = float(np.clip(estimate.mean(saved > 0), 0.0, 1.0))
            if owner == contender:
                recommendation = recommend(savings, base, contender)
            else:
                moved = expected | {owner: expected[base] - savings}
                recommendation = min(moved, key=moved.get)
            alternatives.append(Alternative(choice, p_cheaper, savings, recommendation))
        out[path] = (owner, alternatives)
    return out
