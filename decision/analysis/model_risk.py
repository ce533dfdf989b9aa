"""Model risk: the decision under each option of every structural choice the file leaves at
its default, on the same draws, so that a decision resting on a modelling choice says so.

A choice of the incumbent or the contender is read on their savings. In a file with more
options, a choice of another option moves only that option's costs: it is read on that
option against the incumbent, and the decision is the option with the lowest expected total,
the others' totals as they are (``expected``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from decision.analysis.decision import recommend
from decision.model.conditional import ConditionalSavings


@dataclass(frozen=True)
class Alternative:
    """The decision with one structural choice set to ``option``: P(``versus`` cheaper than
    the incumbent), their expected savings, and the option recommended."""

    option: str
    p_asic_cheaper: float
    expected_savings: float
    recommendation: str


def model_risk(model: ConditionalSavings, expected: Mapping[str, float]
               ) -> dict[str, tuple[str, list[Alternative]]]:
    """Every option of each structural choice not written in the file, by choice path, with
    the option whose savings against the incumbent the alternatives give.

    Parameters
    ----------
    model : ConditionalSavings
        The draws the decision analysis uses.
    expected : mapping of str to float
        Each option's expected total on those draws, as the decision found them.
    """
    options = model.scenario.options
    base, contender = model.pair
    out = {}
    for path, value in model.scenario.inputs.items():
        choices = value.spec.options
        if not choices or value.origin != "default":
            continue
        owner = path.partition(".")[0]
        settings = [{path: float(i)} for i in range(len(choices))]
        if options.enters(path, model.pair) or owner not in options.names:
            savings = model.savings_each(settings)
            out[path] = (contender, [
                Alternative(choice, float((s > 0).mean()), float(s.mean()),
                            recommend(float(s.mean()), base, contender))
                for choice, s in zip(choices, savings, strict=True)])
            continue
        alternatives = []
        for choice, setting in zip(choices, settings, strict=True):
            totals = model.totals(setting, options=(base, owner))
            names = options.subset((base, owner)).names
            own = totals[:, names.index(owner)]
            savings = totals[:, names.index(base)] - own
            moved = dict(expected) | {owner: float(own.mean())}
            alternatives.append(Alternative(choice, float((savings > 0).mean()),
                                            float(savings.mean()), min(moved, key=moved.get)))
        out[path] = (owner, alternatives)
    return out
