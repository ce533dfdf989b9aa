"""Seeded mutations of the shipped files a user writes, for fuzzing everything they can type:
priors files, claims files, platform sheets (the catalogue's and a custom design's), model
shapes and benchmark files.

``python -m tests.fuzz.mutate COUNT [SEED]`` runs COUNT mutations and prints the outcomes
(``benchmarks/fuzz_priors.py`` times the full-size campaign). Each mutation picks a kind of
file, then a shipped file of that kind, parses it, changes it (a key deleted, a value of
another type or an extreme number, a broken distribution, an unknown key, a character inserted
into the text), and writes it back.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterator
from pathlib import Path

import yaml

PRIORS = Path(__file__).parents[2] / "priors"
#: The shipped files of each kind a user writes.
SHIPPED: dict[str, list[Path]] = {
    "priors": sorted(PRIORS.glob("*.yaml")),
    "claims": sorted((PRIORS / "claims").glob("*.yaml")),
    "sheet": sorted((PRIORS / "platforms").glob("*.yaml")) + sorted(
        (PRIORS / "designs").glob("*.yaml")),
    "model": sorted((PRIORS / "models").glob("*.yaml")),
    "benchmarks": sorted((PRIORS / "benchmarks").glob("*.yaml")),
}
HOSTILE_VALUES: list[object] = [
    None, True, "text", [], {}, 0, -1, 1, 0.5, 1e308, -1e308, 1e-308, 10**400, -(10**400),
    math.inf, math.nan, [1, 2], {"dist": "Normal"}, "1e999", 2**63, "", "../x", "a" * 300,
]
FAMILIES = ["Normal", "LogNormal", "Beta", "Gamma", "Uniform", "Triangular", "Weibull",
            "Exponential", "HalfNormal", "Cauchy", 3, None, ["Normal"]]
EXTREMES = [0.0, -1.0, 1e-300, 1e300, 1e308, 0.5, 1.0, 2.0, 100.0, -1e308, 10**400]


def mutations(count: int, seed: int = 0) -> Iterator[tuple[str, str, str, str]]:
    """``count`` (kind, file name, description, YAML text) tuples, the same for the same seed."""
    rng = random.Random(seed)
    sources = {kind: [(path.name, path.read_text()) for path in paths]
               for kind, paths in SHIPPED.items()}
    for _ in range(count):
        kind = rng.choice(sorted(sources))
        name, text = rng.choice(sources[kind])
        tree = yaml.safe_load(text)
        steps = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            operator = rng.choice(_OPERATORS)
            steps.append(operator(rng, tree))
        out = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True)
        if rng.random() < 0.1:
            position = rng.randrange(len(out) + 1)
            character = rng.choice(["\x00", "{", "[", ":", "&a", "*a", "\t", "'", "\"", "- "])
            out = out[:position] + character + out[position:]
            steps.append(f"inserted {character!r} at {position}")
        yield kind, name, f"{name}: {'; '.join(steps)}", out


def _paths(tree: object, prefix: tuple = ()) -> list[tuple]:
    found = []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.append(prefix + (key,))
            found.extend(_paths(value, prefix + (key,)))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found.append(prefix + (index,))
            found.extend(_paths(value, prefix + (index,)))
    return found


def _parent(tree: object, path: tuple) -> object:
    for key in path[:-1]:
        tree = tree[key]
    return tree


def _delete(rng: random.Random, tree: dict) -> str:
    path = rng.choice(_paths(tree))
    parent = _parent(tree, path)
    del parent[path[-1]]
    return f"deleted {'.'.join(map(str, path))}"


def _replace(rng: random.Random, tree: dict) -> str:
    path = rng.choice(_paths(tree))
    value = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    _parent(tree, path)[path[-1]] = value
    return f"{'.'.join(map(str, path))} = {str(value)[:30]}"


def _distribution(rng: random.Random, tree: dict) -> str:
    inputs = [p for p in _paths(tree) if len(p) == 2 and p[0] in (
        "workload", "gpu", "asic", "facility", "ops", "finance", "specs", "serving")]
    if not inputs:
        return _replace(rng, tree)
    path = rng.choice(inputs)
    low, high = rng.choice(EXTREMES), rng.choice(EXTREMES)
    spec = rng.choice([
        {"dist": rng.choice(FAMILIES), "ci90": [low, high]},
        {"ci90": [low, high]},
        {"dist": rng.choice(FAMILIES), "kwargs": {"mu": low, "sigma": high}},
        {"dist": rng.choice(FAMILIES), "kwargs": {"lower": low, "upper": high}},
        {"dist": rng.choice(FAMILIES), "kwargs": {"alpha": low, "beta": high}},
        {"ci90": [low, high], "lower": rng.choice(EXTREMES), "upper": rng.choice(EXTREMES)},
        {"value": rng.choice(EXTREMES), "source": rng.choice(["x", 3, None])},
    ])
    old = _get(tree, path)
    if isinstance(old, dict) and "source" in old and "source" not in spec:
        spec["source"] = old["source"]  # a sheet's figures need one; keep the file's
    _parent(tree, path)[path[-1]] = spec
    return f"{'.'.join(path)} = {spec}"


def _unknown_key(rng: random.Random, tree: dict) -> str:
    mappings = [()] + [p for p in _paths(tree) if isinstance(_get(tree, p), dict)]
    path = rng.choice(mappings)
    key = rng.choice(["utilisation", "nre", "evidence", "claims", "x" * 50, "1", "draws",
                      "efficiency", "kv_precision", "experts"])
    _get(tree, path)[key] = rng.choice(HOSTILE_VALUES)
    return f"added {'.'.join(map(str, path + (key,)))}"


def _get(tree: object, path: tuple) -> object:
    for key in path:
        tree = tree[key]
    return tree


_OPERATORS = [_delete, _replace, _replace, _distribution, _distribution, _unknown_key]


if __name__ == "__main__":
    import sys

    from tests.fuzz.campaign import run_campaign

    print(run_campaign(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0))
