"""Model risk: the decision under each option of every structural choice the file leaves at
its default, on the same draws, so that a decision resting on a modelling choice says so."""

from __future__ import annotations

from dataclasses import dataclass

from decision.analysis.decision import recommend
from decision.model.conditional import ConditionalSavings


@dataclass(frozen=True)
class Alternative:
    """The decision with one structural choice set to ``option``."""

    option: str
    p_asic_cheaper: float
    expected_savings: float
    pair: tuple[str, str] = ("gpu", "asic")

    @property
    def recommendation(self) -> str:
        """The option with the lower expected cost under this alternative."""
        return recommend(self.expected_savings, *self.pair)


def model_risk(model: ConditionalSavings) -> dict[str, list[Alternative]]:
    """Every option of each structural choice not written in the file, by choice path.

    Parameters
    ----------
    model : ConditionalSavings
        The draws the decision analysis uses.
    """
    out = {}
    for path, value in model.scenario.inputs.items():
        options = value.spec.options
        if not options or value.origin != "default":
            continue
        savings = model.savings_each([{path: float(i)} for i in range(len(options))])
        out[path] = [Alternative(option, float((s > 0).mean()), float(s.mean()), model.pair)
                     for option, s in zip(options, savings, strict=True)]
    return out
