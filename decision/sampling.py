"""Seeded Monte Carlo draws of every input, as an ``xarray.Dataset`` over ``draw``.

Each uncertain input draws its own stream of standard normals, seeded by ``(seed, the input's
place in the catalogue)``: the same input gets the same stream whatever else the scenario
makes uncertain, so two scenarios (or two cells of a sweep) that share a seed compare on
common random numbers. Rank correlations mix the normals of the correlated inputs through a
Gaussian copula; each input then goes through its prior's quantile function, or, for an input
with evidence, through its posterior's (``decision.posterior``), so prior and posterior runs
share every uniform.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

import numpy as np
import xarray as xr
from scipy.special import ndtr

from decision.copula import copula_matrix, correlated_normals
from decision.inputs import CATALOGUE
from decision.priors import Scenario

_STREAM = {spec.path: index for index, spec in enumerate(CATALOGUE)}


def input_normals(path: str, draws: int, seed: int) -> np.ndarray:
    """The standard normals that drive ``path`` for this seed (its own, stable stream)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, _STREAM[path]]))
    return rng.standard_normal(draws)


def draw_inputs(
    scenario: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    posterior: Mapping[str, Callable[[np.ndarray], np.ndarray]] | None = None,
) -> xr.Dataset:
    """Draw every input of the scenario.

    Parameters
    ----------
    scenario : Scenario
    draws, seed : int, optional
        Override the scenario's ``sampling:`` settings.
    posterior : mapping of str to callable, optional
        Quantile functions that replace the prior of these inputs (evidence).

    Returns
    -------
    xarray.Dataset
        One variable per input, named by its dotted path: shape ``(draw,)`` for uncertain
        inputs, 0-d for fixed ones. Attributes carry the unit, origin and prior.
    """
    draws = scenario.draws if draws is None else draws
    seed = scenario.seed if seed is None else seed
    posterior = posterior or {}
    drawn = [path for path, value in scenario.inputs.items()
             if path in posterior or value.uncertain]
    normals = {path: input_normals(path, draws, seed) for path in drawn}
    if scenario.correlations:
        paths, matrix = copula_matrix(
            [(c.first, c.second, c.rank) for c in scenario.correlations]
        )
        mixed = correlated_normals(np.column_stack([normals[p] for p in paths]), matrix)
        normals.update({p: mixed[:, i] for i, p in enumerate(paths)})

    variables = {}
    for path, value in scenario.inputs.items():
        attrs = {"unit": value.spec.unit, "origin": value.origin}
        if value.source:
            attrs["source"] = value.source
        if value.prior is not None:
            attrs["prior"] = json.dumps(value.prior.to_dict())
        if path in posterior:
            attrs["evidence"] = scenario.evidence[path].kind
            variables[path] = xr.Variable("draw", posterior[path](ndtr(normals[path])), attrs)
        elif value.prior is not None:
            variables[path] = xr.Variable("draw", value.prior.ppf(ndtr(normals[path])), attrs)
        else:
            variables[path] = xr.Variable((), value.value, attrs)
    return xr.Dataset(
        variables,
        coords={"draw": np.arange(draws)},
        attrs={"scenario": scenario.name, "seed": seed, "horizon_months": scenario.horizon_months},
    )
