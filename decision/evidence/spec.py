"""The ``evidence:`` section: measured data attached to model inputs, as validated objects
(read by :mod:`decision.evidence.parse`).

Three kinds of evidence (``docs/priors-format.md``), any input but the counts and the horizon:

- **measurements** of the input (``observed`` with a Normal, LogNormal or Beta likelihood and its
  noise, ``sigma`` or ``concentration``, known or with a prior);
- a **vendor claim** (``claimed``), evidence only through an ``inflation`` factor
  (claimed ÷ realised) with its own prior; measurements may come with it;
- the **change history** of the served model (``change_intervals_months``,
  ``months_since_last_change``), for ``asic.model_freeze_months`` only: a Weibull or Exponential
  time-to-change model whose posterior predictive *remaining* time replaces the input.

Nothing here imports PyMC: a file is checked completely before any sampling starts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from decision.scenario.prior import Prior

#: The input change history replaces.
FREEZE_INPUT = "asic.model_freeze_months"
#: Likelihood -> (support low, support high, the noise parameter it takes).
LIKELIHOODS = {
    "Normal": (-math.inf, math.inf, "sigma"),
    "LogNormal": (0.0, math.inf, "sigma"),
    "Beta": (0.0, 1.0, "concentration"),
}
NOISE_MEANING = {
    "sigma": "the measurement noise: a number or a prior such as {dist: HalfNormal, kwargs:"
             " {sigma: 0.1}}",
    "concentration": "how tightly samples scatter around the mean, alpha + beta of the Beta: a"
                     " number or a prior such as {dist: Gamma, kwargs: {alpha: 2, beta: 0.05}}",
}
#: Time-to-change models -> their parameters and the priors used when none is given.
CHANGE_MODELS: dict[str, dict[str, dict]] = {
    "Weibull": {
        "shape": {"dist": "LogNormal", "kwargs": {"mu": 0.0, "sigma": 0.5}},
        "scale": {"dist": "LogNormal", "kwargs": {"mu": math.log(24.0), "sigma": 1.0}},
    },
    "Exponential": {
        "rate": {"dist": "Gamma", "kwargs": {"alpha": 1.0, "beta": 12.0}},
    },
}


@dataclass(frozen=True)
class Parameter:
    """A parameter of the evidence model: known (``value``) or uncertain (``prior``)."""

    name: str
    value: float | None
    prior: Prior | None


@dataclass(frozen=True)
class Measurements:
    """Observations of an input: ``observed_i ~ likelihood(input, noise)``.

    Normal: mean = the input, sd = ``sigma``. LogNormal: median = the input, sd of the log =
    ``sigma``. Beta: mean = the input, ``alpha + beta`` = ``concentration``.
    """

    observed: tuple[float, ...]
    likelihood: str
    noise: Parameter


@dataclass(frozen=True)
class VendorClaim:
    """A vendor's figure: ``claimed = realised × inflation``, ``inflation ~ prior``."""

    claimed: float
    inflation: Prior


@dataclass(frozen=True)
class ChangeHistory:
    """Past intervals between model changes and the still-running one (right-censored)."""

    intervals_months: tuple[float, ...]
    months_since_last_change: float
    model: str
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True)
class Evidence:
    """Everything the file says about one input's data."""

    path: str
    origin: str
    measurements: Measurements | None = None
    claim: VendorClaim | None = None
    history: ChangeHistory | None = None
    source: str | None = None
    note: str | None = None

    @property
    def kind(self) -> str:
        """In words: ``"measurements"``, ``"vendor claim"``, both, or ``"change history"``."""
        if self.history is not None:
            return "change history"
        parts = [name for name, part in (("measurements", self.measurements),
                                         ("vendor claim", self.claim)) if part is not None]
        return " and ".join(parts)

    def describe(self) -> str:
        """The evidence in a few words, e.g. ``"5 observations (Beta likelihood)"``."""
        if self.history is not None:
            h = self.history
            return (f"{len(h.intervals_months)} past changes and a model"
                    f" {h.months_since_last_change:g} months old ({h.model}); the posterior is"
                    " the remaining time")
        parts = []
        if self.measurements is not None:
            parts.append(f"{len(self.measurements.observed)} observations"
                         f" ({self.measurements.likelihood} likelihood)")
        if self.claim is not None:
            parts.append(f"a vendor claim of {self.claim.claimed:g} through an inflation prior")
        return "; ".join(parts)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The evidence model's own parameters (noise, inflation, time-to-change)."""
        if self.history is not None:
            return self.history.parameters
        out = []
        if self.measurements is not None:
            out.append(self.measurements.noise)
        if self.claim is not None:
            out.append(Parameter("inflation", None, self.claim.inflation))
        return tuple(out)


@dataclass(frozen=True)
class NutsSettings:
    """How NUTS samples the evidence model (``sampling.nuts`` in the file)."""

    chains: int = 4
    tune: int = 1000
    draws: int = 1000
    target_accept: float = 0.9
