"""Seeded Monte Carlo draws of every input, as an ``xarray.Dataset`` over ``draw``.

Each uncertain input draws its own stream of standard normals, seeded by ``(seed, a hash of
the input's path)``: the same input gets the same stream whatever else the scenario makes
uncertain and whatever inputs the catalogue gains, so two scenarios (or two cells of a sweep,
or two versions of decide) that share a seed compare on common random numbers. Rank
correlations mix the normals of the correlated inputs through a Gaussian copula; each input
then goes through its prior's quantile function, or, for an input with evidence, through its
posterior's (``decision.evidence.posterior``), so prior and posterior runs share every uniform.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

import numpy as np
import xarray as xr
from scipy.special import ndtr

from decision.model.statistics import random_stream
from decision.scenario.copula import correlated_normals
from decision.scenario.priors_file import Scenario

#: A quantile function: uniforms in, input values out.
QuantileFunction = Callable[[np.ndarray], np.ndarray]


def input_normals(path: str, draws: int, seed: int) -> np.ndarray:
    """The standard normals that drive ``path`` for this seed (its own, stable stream)."""
    return random_stream(path, seed).standard_normal(draws)


def drawn_normals(
    scenario: Scenario,
    draws: int,
    seed: int,
    posterior: Mapping[str, QuantileFunction] | None = None,
) -> dict[str, np.ndarray]:
    """The standard normals behind every drawn input, rank correlations imposed.

    An input is drawn when it has a prior or a posterior; its value in each draw is its
    marginal quantile function (:func:`marginal_quantile`) at ``ndtr`` of these normals.
    """
    posterior = posterior or {}
    drawn = [path for path, value in scenario.inputs.items()
             if path in posterior or value.uncertain]
    normals = {path: input_normals(path, draws, seed) for path in drawn}
    if scenario.correlations:
        paths, matrix = scenario.copula
        mixed = correlated_normals(np.column_stack([normals[p] for p in paths]), matrix)
        normals.update({p: mixed[:, i] for i, p in enumerate(paths)})
    return normals


def marginal_quantile(
    scenario: Scenario, path: str, posterior: Mapping[str, QuantileFunction] | None = None
) -> QuantileFunction:
    """The quantile function an input is drawn through: its posterior's, else its prior's."""
    if posterior and path in posterior:
        return posterior[path]
    prior = scenario.inputs[path].prior
    if prior is None:
        raise ValueError(f"{path} is fixed; it has no quantile function")
    return prior.ppf


def draw_inputs(
    scenario: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    posterior: Mapping[str, QuantileFunction] | None = None,
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
    normals = drawn_normals(scenario, draws, seed, posterior)
    variables = {}
    for path, value in scenario.inputs.items():
        attrs = {"unit": value.spec.unit, "origin": value.origin}
        if value.source:
            attrs["source"] = value.source
        if value.prior is not None:
            attrs["prior"] = json.dumps(value.prior.to_dict())
        if path in posterior:
            attrs["evidence"] = scenario.evidence[path].kind
        if path in normals:
            quantile = marginal_quantile(scenario, path, posterior)
            variables[path] = xr.Variable("draw", quantile(ndtr(normals[path])), attrs)
        else:
            variables[path] = xr.Variable((), value.value, attrs)
    return xr.Dataset(
        variables,
        coords={"draw": np.arange(draws)},
        attrs={"scenario": scenario.name, "seed": seed, "horizon_months": scenario.horizon_months,
               "options": scenario.options.to_json()},
    )
