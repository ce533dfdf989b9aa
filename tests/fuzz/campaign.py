"""Run fuzzed priors files through what ``decide run`` does first: load, draw, cost."""

from __future__ import annotations

import shutil
import tempfile
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from decision.errors import PriorsError
from tests.fuzz.mutate import mutations

#: Draws of an accepted file, enough to reach every code path of the core.
DRAWS = 64
#: The custom platform sheets shipped priors files name by a relative path.
DESIGNS = Path(__file__).parents[2] / "priors" / "designs"


@dataclass
class Outcomes:
    """How many files ended each way, and the first few internal errors."""

    counts: Counter = field(default_factory=Counter)
    internal: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{k}: {v}" for k, v in sorted(self.counts.items())]
        return "\n".join(lines + self.internal[:5])


def run_campaign(count: int, seed: int = 0) -> Outcomes:
    """Load each of ``count`` mutations; run the accepted ones through the draws and the core.

    Outcomes: ``rejected`` (one-line error), ``accepted`` (costs finite), and the failures
    ``internal error``, ``multi-line error``, ``warning`` and ``non-finite costs``.
    """
    from decision.model.costs import evaluate_costs
    from decision.model.sampling import draw_inputs
    from decision.scenario.priors_file import load_scenario

    outcomes = Outcomes()
    with tempfile.TemporaryDirectory() as folder:
        # Sheets a shipped file names relative to itself resolve from the fuzzed copy too.
        shutil.copytree(DESIGNS, Path(folder) / DESIGNS.name)
        path = Path(folder) / "fuzzed.yaml"
        for description, text in mutations(count, seed):
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    scenario = load_scenario(path)
                    costs = evaluate_costs(draw_inputs(scenario, DRAWS, scenario.seed))
                    finite = np.isfinite(costs["monthly_cost"].values).all()
                    outcome = "accepted" if finite else "non-finite costs"
                    if not finite:
                        outcomes.internal.append(f"{description}: non-finite costs")
                except PriorsError as exc:
                    outcome = "multi-line error" if "\n" in str(exc) else "rejected"
                except Exception:  # noqa: BLE001 - counting them is the point
                    outcome = "internal error"
                    outcomes.internal.append(f"{description}\n{traceback.format_exc(limit=3)}")
            if caught and outcome in ("rejected", "accepted"):
                outcome = "warning"
                outcomes.internal.append(f"{description}: {caught[0].message}")
            outcomes.counts[outcome] += 1
    return outcomes
