"""Savings with some inputs set to chosen values and every other input kept at its draws.

This is the engine of the decision analysis (sweeps, tornado, break-even, robustness): draw
``i`` of every input not set is the same in every evaluation (common random numbers), so
differences between settings are the settings' and not sampling noise.

Setting an input that the file correlates with others *conditions* on it: the normals of its
copula partners move to their conditional distribution given the set value,
``z_O + C_OG C_GG^-1 (z*_G - z_G)``, which keeps each draw's own residual. ``z*`` is the
normal score of the set value under the input's marginal (its prior, or for an evidenced input
the empirical distribution of its posterior draws).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike
from scipy.special import ndtr, ndtri

from decision.model import tco
from decision.model.sampling import (
    QuantileFunction,
    drawn_normals,
    marginal_quantile,
)
from decision.model.statistics import mid_rank, random_stream
from decision.scenario.priors_file import Scenario

#: Set values are held this far inside (0, 1) in probability before taking normal scores.
_EDGE = 1e-9
#: Draws of one evaluation of the cost model when :meth:`ConditionalSavings.totals_each`
#: stacks settings of few draws.
STACKED_DRAWS = 16_384

Setting = Mapping[str, ArrayLike]


class ConditionalSavings:
    """Horizon costs of every option, and savings (incumbent − contender, USD), per draw under
    settings of some inputs.

    Build it with :meth:`from_draws`.

    Parameters
    ----------
    scenario : Scenario
    values : dict of str to ndarray
        Every input's draws ``(draws,)``, or its 0-d value when fixed.
    normals : dict of str to ndarray
        The correlated standard normals behind every drawn input.
    quantiles : dict of str to callable
        The marginal quantile function of every drawn input.
    evidenced : frozenset of str
        Inputs drawn from a posterior (their marginal is their draws' empirical one).
    seed : int
        The seed of the draws; it also seeds :meth:`uniforms` of inputs that are not drawn.
    """

    def __init__(self, scenario: Scenario, values: dict[str, np.ndarray],
                 normals: dict[str, np.ndarray], quantiles: dict[str, QuantileFunction],
                 evidenced: frozenset[str] = frozenset(), seed: int = 0) -> None:
        self.scenario = scenario
        self.values = values
        self.normals = normals
        self.quantiles = quantiles
        self.evidenced = evidenced
        self.seed = seed
        self.draws = next(iter(normals.values())).size if normals else 1
        self._contender: str | None = None
        self.copula_paths, self.copula = (scenario.copula if scenario.correlations
                                          else ([], np.eye(0)))

    @classmethod
    def from_draws(cls, scenario: Scenario, inputs: xr.Dataset, *, seed: int,
                   posterior: Mapping[str, QuantileFunction] | None = None
                   ) -> ConditionalSavings:
        """From the draws a run used.

        Parameters
        ----------
        scenario : Scenario
        inputs : xarray.Dataset
            From :func:`decision.model.sampling.draw_inputs`.
        seed : int
            The seed those draws came from.
        posterior : mapping of str to callable, optional
            The posterior quantile functions the draws used, if any.
        """
        normals = drawn_normals(scenario, inputs.sizes["draw"], seed, posterior)
        return cls(scenario, {path: inputs[path].values for path in scenario.inputs},
                   normals, {p: marginal_quantile(scenario, p, posterior) for p in normals},
                   frozenset(posterior or ()), seed)

    @property
    def contender(self) -> str:
        """The option the savings are of, against the incumbent: the other option with the
        lowest expected total on these draws (costed once, when first asked)."""
        if self._contender is None:
            challengers = [o.name for o in self.scenario.options.challengers]
            if len(challengers) == 1:
                self._contender = challengers[0]
            else:
                expected = self.totals().mean(axis=0)
                names = self.scenario.options.names
                self._contender = min(challengers, key=lambda n: expected[names.index(n)])
        return self._contender

    @contender.setter
    def contender(self, name: str) -> None:
        self._contender = name

    def versus(self, option: str) -> ConditionalSavings:
        """The same analysis with the savings of ``option`` against the incumbent."""
        other = copy.copy(self)
        other._contender = option
        return other

    @property
    def pair(self) -> tuple[str, str]:
        """The incumbent and the :attr:`contender`: the options the savings compare."""
        return self.scenario.options.incumbent, self.contender

    @property
    def uncertain(self) -> list[str]:
        """Inputs that vary across draws, in catalogue order."""
        return list(self.normals)

    @property
    def uncertain_in_pair(self) -> list[str]:
        """The uncertain inputs that enter the costs of the incumbent or the contender: those
        the savings respond to (every uncertain input in a two-option file)."""
        return [p for p in self.normals if self.scenario.options.enters(p, self.pair)]

    def head(self, draws: int) -> ConditionalSavings:
        """The same analysis on the first ``draws`` draws only (they are a random sample)."""
        return self if draws >= self.draws else self.rows(0, draws)

    def rows(self, start: int, stop: int) -> ConditionalSavings:
        """The same analysis on draws ``start`` to ``stop - 1``; each draw's results are
        those it has among all the draws."""
        part = ConditionalSavings(
            self.scenario,
            {p: v[start:stop] if v.ndim else v for p, v in self.values.items()},
            {p: v[start:stop] for p, v in self.normals.items()},
            self.quantiles,
            self.evidenced,
            self.seed,
        )
        part._contender = self.contender
        return part

    def uniforms(self, name: str) -> np.ndarray:
        """One uniform per draw for ``name``: the ranks of its draws when it is drawn, else a
        stream of its own seeded by :attr:`seed` and the name (any name, not only inputs).

        A claimed range spread over the draws through these keeps a drawn input's place in its
        copula.
        """
        if name in self.normals:
            return ndtr(self.normals[name])
        return random_stream(name, self.seed).random(self.draws)

    def inputs(self, setting: Setting | None = None, *, conditioned: bool = True
               ) -> dict[str, np.ndarray]:
        """Every input's values per draw with ``setting`` applied.

        Parameters
        ----------
        setting : mapping of str to float or ndarray, optional
            Values to set: a number for every draw, or one value per draw ``(draws,)``.
        conditioned : bool
            Move the copula partners of set inputs to their conditional distribution; off when
            ``setting`` replaces draws by transformed draws rather than fixing values.
        """
        values = dict(self.values)
        if not setting:
            return values
        for path, value in setting.items():
            if path not in values:
                raise KeyError(f"unknown input {path!r}")
            values[path] = np.asarray(value, dtype=np.float64)
        given = [p for p in setting if p in self.copula_paths]
        if given and conditioned:
            values.update(self._conditioned_partners(given, setting))
        return values

    def totals(self, setting: Setting | None = None, *, conditioned: bool = True,
               options: tuple[str, ...] | None = None) -> np.ndarray:
        """Horizon total of each option per draw, shape ``(draws, options)``, with ``setting``
        applied (see :meth:`inputs`): every option, or those named in ``options`` (in the
        scenario's order)."""
        chosen = self.scenario.options
        if options is not None:
            chosen = chosen.subset(options)
        return tco.horizon_totals(self.inputs(setting, conditioned=conditioned),
                                  self.scenario.horizon_months, self.draws, chosen)

    def savings(self, setting: Setting | None = None, *, conditioned: bool = True
                ) -> np.ndarray:
        """Savings at the horizon per draw, incumbent − :attr:`contender`, shape ``(draws,)``,
        with ``setting`` applied (see :meth:`inputs`); only those two options are costed."""
        totals = self.totals(setting, conditioned=conditioned, options=self.pair)
        names = self.scenario.options.subset(self.pair).names
        return (totals[:, names.index(self.scenario.options.incumbent)]
                - totals[:, names.index(self.contender)])

    def savings_each(self, settings: Sequence[Setting]) -> np.ndarray:
        """:meth:`savings` under each setting, shape ``(settings, draws)``
        (:meth:`totals_each`)."""
        totals = self.totals_each(settings, options=self.pair)
        names = self.scenario.options.subset(self.pair).names
        return (totals[:, :, names.index(self.scenario.options.incumbent)]
                - totals[:, :, names.index(self.contender)])

    def totals_each(self, settings: Sequence[Setting], *,
                    options: tuple[str, ...] | None = None) -> np.ndarray:
        """:meth:`totals` under each setting, shape ``(settings, draws, options)``.

        Settings of a few draws are stacked along the draws, up to :data:`STACKED_DRAWS` in one
        evaluation of the cost model, which then fills its blocks and shares its per-call work
        (each draw's costs depend on that draw's inputs only); the stacks run on a thread per
        core (NumPy releases the GIL in the TCO core).
        """
        chosen = self.scenario.options
        if options is not None:
            chosen = chosen.subset(options)
        per_stack = max(1, STACKED_DRAWS // self.draws)
        stacks = [settings[i:i + per_stack] for i in range(0, len(settings), per_stack)]

        def evaluate(stack: Sequence[Setting]) -> np.ndarray:
            stacked = _stacked([self.inputs(s) for s in stack], self.draws)
            totals = tco.horizon_totals(stacked, self.scenario.horizon_months,
                                        self.draws * len(stack), chosen)
            return totals.reshape(len(stack), self.draws, -1)

        if len(stacks) <= 1:
            found = [evaluate(stack) for stack in stacks]
        else:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                found = list(pool.map(evaluate, stacks))
        if not found:
            return np.empty((0, self.draws, len(chosen.options)))
        return np.concatenate(found)

    def normal_score(self, path: str, value: ArrayLike) -> np.ndarray:
        """Normal score of ``value`` under the marginal ``path`` is drawn from."""
        value = np.asarray(value, dtype=np.float64)
        if path in self.evidenced:
            u = mid_rank(self.values[path], value)
        else:
            u = self.scenario.inputs[path].prior.cdf(value)
        return ndtri(np.clip(u, _EDGE, 1 - _EDGE))

    def _conditioned_partners(self, given: list[str], setting: Setting
                              ) -> dict[str, np.ndarray]:
        index = {p: i for i, p in enumerate(self.copula_paths)}
        others = [p for p in self.copula_paths if p not in setting]
        if not others:
            return {}
        g = [index[p] for p in given]
        o = [index[p] for p in others]
        weights = self.copula[np.ix_(o, g)] @ np.linalg.inv(self.copula[np.ix_(g, g)])
        shift = np.column_stack([self.normal_score(p, setting[p]) * np.ones(self.draws)
                                 - self.normals[p] for p in given])
        moved = np.column_stack([self.normals[p] for p in others]) + shift @ weights.T
        return {p: self.quantiles[p](ndtr(moved[:, i])) for i, p in enumerate(others)}


def _stacked(inputs: Sequence[dict[str, np.ndarray]], draws: int) -> dict[str, np.ndarray]:
    """The inputs of several settings as those of one run of ``len(inputs) * draws`` draws:
    an input fixed at the same value in every setting stays a scalar."""
    out = {}
    for path, first in inputs[0].items():
        values = [each[path] for each in inputs]
        if first.ndim == 0 and all(v.ndim == 0 and v == first for v in values[1:]):
            out[path] = first
        else:
            out[path] = np.concatenate([np.broadcast_to(v, (draws,)) for v in values])
    return out
