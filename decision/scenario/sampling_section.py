"""The ``sampling:`` section of a priors file: Monte Carlo draws, seed and NUTS settings."""

from __future__ import annotations

from decision import defaults
from decision.evidence.parse import parse_nuts
from decision.evidence.spec import NutsSettings
from decision.scenario.located_yaml import LocatedYaml, is_whole, show, suggest


def parse_sampling(block: object, located: LocatedYaml) -> tuple[int, int, NutsSettings]:
    """Draws, seed and NUTS settings of a ``sampling:`` mapping (defaults where absent).

    Raises
    ------
    PriorsError
        Naming the file, the line and the key.
    """
    if not isinstance(block, dict):
        raise located.error("sampling", "must be a mapping like {draws: 100000, seed: 1}")
    known = ["draws", "seed", "nuts"]
    for key in block:
        if key not in known:
            raise located.error(f"sampling.{key}", f"unknown key{suggest(key, known)}")
    draws = block.get("draws", defaults.DRAWS)
    seed = block.get("seed", defaults.SEED)
    if not is_whole(draws) or draws < defaults.MIN_DRAWS:
        raise located.error("sampling.draws", f"must be a whole number >= {defaults.MIN_DRAWS}"
                                              f" (a Monte Carlo estimate needs two draws); got"
                                              f" {show(draws)}")
    if not is_whole(seed) or seed < 0:
        raise located.error("sampling.seed", f"must be a whole number >= 0; got {show(seed)}")
    return int(draws), int(seed), parse_nuts(block.get("nuts", {}), located.error)
