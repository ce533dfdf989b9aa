"""Evidence -> one PyMC model -> NUTS posterior as an ``xarray.DataTree`` (ArviZ 1.x layout).

Each evidenced input is a random variable named by its dotted path with the prior the file
gives it; the evidence model's own parameters are named ``<path>.<parameter>`` (for example
``gpu.utilization.concentration``, ``asic.perf_per_watt_gain.inflation``):

- measurements: ``observed ~ Normal(x, sigma)``, ``LogNormal(log x, sigma)`` or
  ``Beta(x kappa, (1 - x) kappa)``;
- a vendor claim: ``inflation = claimed / x`` with the inflation prior's density at that value
  times the Jacobian ``1 / x`` (the density of ``claimed`` given ``x``);
- change history: past intervals and the running one (right-censored with ``pm.Censored``)
  from a Weibull or Exponential time to change; the predictive *remaining* time of the running
  interval is added as the ``posterior_predictive`` group.

The returned tree also carries a ``prior`` group (draws from every prior involved), so prior
and posterior can be compared from the file alone.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import warnings
from collections.abc import Iterator

import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt
import xarray as xr

from decision.evidence.spec import ChangeHistory, Measurements, Parameter, VendorClaim
from decision.evidence.survival import remaining_quantile
from decision.scenario.priors_file import Scenario


def sampler_name() -> str:
    """``"nutpie"`` when nutpie is installed, else PyMC's own NUTS (``"pymc"``)."""
    return "nutpie" if importlib.util.find_spec("nutpie") is not None else "pymc"


def build_model(scenario: Scenario) -> pm.Model:
    """One PyMC model holding every evidenced input of the scenario.

    Parameters
    ----------
    scenario : Scenario
        With a non-empty ``evidence``.

    Returns
    -------
    pymc.Model
    """
    with pm.Model() as model:
        for path, evidence in scenario.evidence.items():
            if evidence.history is not None:
                _change_history(path, evidence.history)
                continue
            value = scenario.inputs[path].prior.to_pymc(path)
            if evidence.measurements is not None:
                _measurements(path, value, evidence.measurements)
            if evidence.claim is not None:
                _vendor_claim(path, value, evidence.claim)
    return model


def sample_posterior(scenario: Scenario, seed: int) -> xr.DataTree:
    """Sample the evidence model with NUTS and add the predictive and prior groups.

    Parameters
    ----------
    scenario : Scenario
        Its ``nuts`` settings say how many chains, tuning steps and draws.
    seed : int
        Same seed, same posterior.

    Returns
    -------
    xarray.DataTree
        Groups ``posterior``, ``sample_stats``, ``observed_data``, ``prior`` and, with change
        history, ``posterior_predictive``. The root's attributes name the sampler and settings.
    """
    settings = scenario.nuts
    sampler = sampler_name()
    model = build_model(scenario)
    with quiet_pymc(), exact_compilation():
        tree = pm.sample(
            model=model,
            draws=settings.draws,
            tune=settings.tune,
            chains=settings.chains,
            target_accept=settings.target_accept,
            random_seed=seed,
            nuts_sampler=sampler,
            progressbar=False,
            compute_convergence_checks=False,
        )
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    posterior = tree["posterior"].dataset
    predictive = {path: _remaining_draws(posterior, path, e.history, rng)
                  for path, e in scenario.evidence.items() if e.history is not None}
    if predictive:
        tree["posterior_predictive"] = xr.DataTree(xr.Dataset(predictive))
    # A vendor claim's Potential is rightly left out of the priors' draws.
    with quiet_pymc(), exact_compilation():
        prior = pm.sample_prior_predictive(
            draws=posterior.sizes["draw"] * settings.chains, model=model,
            var_names=[variable.name for variable in model.free_RVs], random_seed=rng)
    tree["prior"] = prior["prior"]
    tree.attrs.update({"scenario": scenario.name, "seed": seed, "sampler": sampler,
                       "chains": settings.chains, "tune": settings.tune,
                       "draws": settings.draws, "target_accept": settings.target_accept})
    return tree


def change_parameters(posterior: xr.Dataset, path: str, history: ChangeHistory
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Weibull shape and scale per posterior draw, shape (chain, draw) (Exponential: k = 1)."""
    values = {}
    for parameter in history.parameters:
        name = f"{path}.{parameter.name}"
        values[parameter.name] = (posterior[name].values if parameter.prior is not None
                                  else np.full((posterior.sizes["chain"], posterior.sizes["draw"]),
                                               parameter.value))
    if history.model == "Exponential":
        return np.ones_like(values["rate"]), 1.0 / values["rate"]
    return values["shape"], values["scale"]


def _parameter(path: str, parameter: Parameter) -> pt.TensorVariable | float:
    if parameter.prior is None:
        return parameter.value
    return parameter.prior.to_pymc(f"{path}.{parameter.name}")


def _measurements(path: str, value: pt.TensorVariable, data: Measurements) -> None:
    noise = _parameter(path, data.noise)
    observed = np.asarray(data.observed)
    name = f"{path}.observed"
    if data.likelihood == "Normal":
        pm.Normal(name, mu=value, sigma=noise, observed=observed)
    elif data.likelihood == "LogNormal":
        pm.LogNormal(name, mu=pt.log(value), sigma=noise, observed=observed)
    else:
        pm.Beta(name, alpha=value * noise, beta=(1.0 - value) * noise, observed=observed)


def _vendor_claim(path: str, value: pt.TensorVariable, claim: VendorClaim) -> None:
    inflation = pm.Deterministic(f"{path}.inflation", claim.claimed / value)
    pm.Potential(f"{path}.claimed", pm.logp(claim.inflation.to_pymc(), inflation) - pt.log(value))


def _change_history(path: str, history: ChangeHistory) -> None:
    parameters = {p.name: _parameter(path, p) for p in history.parameters}
    if history.model == "Exponential":
        time_to_change = pm.Exponential.dist(lam=parameters["rate"])
    else:
        time_to_change = pm.Weibull.dist(alpha=parameters["shape"], beta=parameters["scale"])
    observed = list(history.intervals_months)
    upper = [np.inf] * len(observed)
    if history.months_since_last_change > 0:  # the running interval: at least this long
        observed.append(history.months_since_last_change)
        upper.append(history.months_since_last_change)
    pm.Censored(f"{path}.change_intervals", time_to_change, lower=None, upper=np.asarray(upper),
                observed=np.asarray(observed))


def _remaining_draws(posterior: xr.Dataset, path: str, history: ChangeHistory,
                     rng: np.random.Generator) -> xr.DataArray:
    shape, scale = change_parameters(posterior, path, history)
    months = remaining_quantile(rng.uniform(size=shape.shape), shape, scale,
                                history.months_since_last_change)
    return xr.DataArray(months, dims=("chain", "draw"),
                        coords={"chain": posterior["chain"], "draw": posterior["draw"]},
                        attrs={"meaning": "months from now until the next model change"})


@contextlib.contextmanager
def exact_compilation() -> Iterator[None]:
    """Compile PyMC's models with IEEE arithmetic, so a seed gives the same draws every time.

    PyTensor's Numba backend compiles with fast-math flags by default (reassociation,
    contraction into fused multiply-adds, approximate functions). Their results depend on how
    LLVM compiles the whole graph, which differs between a first compile (functions inlined)
    and code loaded from the compile cache: a first run on a machine gave other draws than
    every later run. The flag is part of PyTensor's cache key, so exact code is cached apart.
    """
    with pytensor.config.change_flags(numba__fastmath=False):
        yield


@contextlib.contextmanager
def quiet_pymc() -> Iterator[None]:
    """Keep PyMC's progress logging off the user's terminal; diagnostics are reported by us."""
    logger = logging.getLogger("pymc")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The effect of Potentials")
            # A performance note from PyTensor about drawing some priors; nothing to act on.
            warnings.filterwarnings("ignore", message="Numba will use object mode")
            yield
    finally:
        logger.setLevel(level)
