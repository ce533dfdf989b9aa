"""Where the time of an evidence fit goes: imports, model build, PyMC's compile and NUTS.

Run: ``uv run python benchmarks/evidence_times.py [priors/team.yaml ...]``. Each file is fitted
in a fresh process, twice: with a cold PyTensor compile cache (a new, empty compiledir, as on a
fresh machine) and with the cache warm. Prints a Markdown table for the README.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

PROBE = """
import json, sys, time
start = time.perf_counter()
import pymc, arviz_stats
from decision.scenario.priors_file import load_scenario
from decision.evidence import posterior, pymc_model
imported = time.perf_counter()
scenario = load_scenario(sys.argv[1])
model = pymc_model.build_model(scenario)
built = time.perf_counter()
tree = pymc_model.sample_posterior(scenario, seed=scenario.seed)
sampled = time.perf_counter()
sampling = tree["posterior"].attrs["sampling_time"]
posterior.quantile_functions(tree, scenario)
posterior.diagnose(tree)
done = time.perf_counter()
print(json.dumps({"imports": imported - start, "build": built - imported,
                  "compile": sampled - built - sampling, "sampling": sampling,
                  "after": done - sampled}))
"""


def fit_times(priors: str, compiledir: str) -> dict[str, float]:
    env = os.environ | {"PYTENSOR_FLAGS": f"base_compiledir={compiledir}"}
    done = subprocess.run([sys.executable, "-c", PROBE, priors], check=True, env=env,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    files = sys.argv[1:] or ["priors/team.yaml", "priors/vendor-claim.yaml"]
    print("| priors | cache | imports | build | compile + init | NUTS sampling |"
          " quantiles + diagnostics |\n|---|---|---:|---:|---:|---:|---:|")
    for priors in files:
        with tempfile.TemporaryDirectory() as compiledir:
            for cache in ("cold", "warm"):
                t = fit_times(priors, compiledir)
                print(f"| {priors} | {cache} | {t['imports']:.1f} s | {t['build']:.2f} s |"
                      f" {t['compile']:.1f} s | {t['sampling']:.1f} s | {t['after']:.2f} s |")


if __name__ == "__main__":
    main()
