"""The ``decide`` command line: parse arguments, call the library, print, set the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import numpy as np

from decision.errors import PriorsError
from decision.formatting import metric_value, month, number, percent, usd

EXIT_BAD_INPUT = 2
EXIT_NOT_CONVERGED = 3

_SEED = click.option("--seed", type=click.IntRange(min=0),
                     help="Random seed (default: the file's sampling.seed).")
_OUT = click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                    default=Path("results"), show_default=True,
                    help="Folder that holds <out>/<name>/.")
_CLAIMS = click.option("--claims", "claims_file", type=click.Path(dir_okay=True, path_type=Path),
                       help="A claims file (e.g. priors/claims/seed-claims.yaml) besides the"
                            " file's own claims: section.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="decide")
def main() -> None:
    """Will an inference ASIC beat the GPU fleet on total cost over your horizon?"""


@main.command()
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--draws", type=click.IntRange(min=1), help="Monte Carlo draws (default: the"
              " file's sampling.draws, else 100,000).")
@_SEED
@_OUT
@click.option("--strict", is_flag=True, help="Exit with code 3 when the evidence's NUTS chains"
              " did not converge (results are still written).")
@_CLAIMS
def run(priors_file: Path, draws: int | None, seed: int | None, out: Path, strict: bool,
        claims_file: Path | None) -> None:
    """Run the whole analysis of PRIORS_FILE and write results/<name>/.

    With an evidence: section, the evidenced inputs are updated by PyMC (NUTS) first; with
    claims, each is stress-tested and the report says what it would change.
    """
    from decision.run import run as run_analysis

    with _Progress() as progress:
        try:
            outcome = run_analysis(priors_file, draws=draws, seed=seed, out=out,
                                   claims_file=claims_file, progress=progress.step)
        except PriorsError as exc:
            progress.clear()
            _fail(exc)
    _print_summary(outcome.summary, outcome.folder, outcome.scenario.description)
    if outcome.converged is False:
        problems = "; ".join(outcome.summary["evidence"]["diagnostics"]["problems"])
        click.echo(f"warning: the NUTS chains did not converge ({problems}); the posterior and"
                   " the decision are unreliable — raise sampling.nuts.tune/draws or check the"
                   " evidence", err=True)
        if strict:
            sys.exit(EXIT_NOT_CONVERGED)


@main.command()
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
@_CLAIMS
@click.option("--draws", type=click.IntRange(min=100), default=20_000, show_default=True,
              help="Draws of the team's beliefs every claim is tested on.")
@_SEED
@_OUT
def stress(priors_file: Path, claims_file: Path | None, draws: int, seed: int | None,
           out: Path) -> None:
    """Stress-test vendor claims against the beliefs of PRIORS_FILE.

    A claim about inputs is taken as true, then discounted by haircuts of 0-80%: what
    P(ASIC cheaper) becomes and how far the claim can be inflated before the decision flips. A
    claim about an output is recomputed from its own stated inputs and placed in the team's
    distribution. Adds claims.md, claims.json and figures to <out>/<name>/.
    """
    from decision.run import run_stress

    with _Progress() as progress:
        try:
            outcome = run_stress(priors_file, claims_file, draws=draws, seed=seed, out=out,
                                 progress=progress.step)
        except PriorsError as exc:
            progress.clear()
            _fail(exc)
    _print_stress(outcome.scenario.name, outcome.claims, outcome.files)


def _print_stress(scenario: str, entries: list[dict], files: list[Path]) -> None:
    from decision.claims_report import claimed_text

    first = entries[0]
    lines = [f"{scenario}: {len(entries)} claims tested on {first['draws']:,} draws of the"
             f" team's beliefs; the ASIC is cheaper in {percent(first['p_prior'])} of them"]
    inputs = [e for e in entries if e["kind"] == "input"]
    outputs = [e for e in entries if e["kind"] == "output"]
    width = max(len(e["id"]) for e in entries)
    if inputs:
        lines += ["", f"{'claim about inputs':<{width}}  P if true  margin   verdict"]
        for e in inputs:
            margin = "—" if e["margin"] is None else f"{e['margin']:.3g}x"
            if e["margin"] is None:
                verdict = ("ASIC cheaper even if 50x inflated" if e["favours_throughout"] == "asic"
                           else "GPU cheaper even if 50x more favourable")
            elif e["haircut_to_flip"] is not None:
                verdict = f"flips to GPU at a haircut of {percent(e['haircut_to_flip'], 0)}"
            else:
                verdict = f"GPU cheaper even if true; needs {1 / e['margin']:.3g}x better"
            lines.append(f"{e['id']:<{width}}  {percent(e['p_claim_true']):>9}  {margin:>6}"
                         f"   {verdict}")
    if outputs:
        lines += ["", f"{'claim about outputs':<{width}}  {'claimed':>21}  {'its inputs give':>15}"
                      f"  factor  agrees"]
        for e in outputs:
            ratio = "—" if e["replay_ratio"] is None else f"{e['replay_ratio']:.3g}x"
            given = metric_value(e["replayed"]["p50"], e["unit"])
            lines.append(f"{e['id']:<{width}}  {claimed_text(e['claimed'], e['unit']):>21}"
                         f"  {given:>15}  {ratio:>6}  {'yes' if e['consistent'] else 'NO'}")
    lines += ["", "Wrote " + ", ".join(str(f) for f in files)]
    click.echo("\n".join(lines))


@main.command()
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
def validate(priors_file: Path) -> None:
    """Check PRIORS_FILE; print every input with its median, 90% interval and origin."""
    from decision.priors import load_scenario

    try:
        scenario = load_scenario(priors_file)
    except PriorsError as exc:
        _fail(exc)
    click.echo(f"{priors_file}: ok — scenario '{scenario.name}', horizon"
               f" {scenario.horizon_months} months, {scenario.draws:,} draws, seed {scenario.seed},"
               f" {len(scenario.uncertain)} uncertain inputs")
    width = max(len(path) for path in scenario.inputs)
    click.echo(f"{'input':<{width}}  {'median':>9}  {'90% interval':<21}  origin")
    for path, value in scenario.inputs.items():
        p05, p50, p95 = value.quantiles()
        interval = f"{number(p05)} – {number(p95)}" if value.uncertain else "fixed"
        kind = f" ({value.prior.dist})" if value.prior else ""
        click.echo(f"{path:<{width}}  {number(p50):>9}  {interval:<21}  {value.origin}{kind}")
    for c in scenario.correlations:
        click.echo(f"rank correlation {c.rank:+.2f} between {c.first} and {c.second}")
    for path, evidence in scenario.evidence.items():
        click.echo(f"evidence for {path}: {evidence.describe()} ({evidence.origin})")
    for claim in scenario.claims:
        about = ", ".join(claim.inputs) if claim.kind == "input" else claim.metric
        click.echo(f"claim {claim.id} about {about} ({claim.origin})")


@main.command()
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--x", "x_axis", metavar="PATH[=LO:HI][:log][:N]",
              help="First input to sweep (default: workload.inferences_per_day over a tenth to"
                   " ten times its value, with --y asic.model_freeze_months).")
@click.option("--y", "y_axis", metavar="PATH[=LO:HI][:log][:N]",
              help="Second input, for a two-input crossover map.")
@click.option("--draws", type=click.IntRange(min=100), default=20_000, show_default=True,
              help="Draws of the other inputs, shared by every cell.")
@_SEED
@_OUT
def sweep(priors_file: Path, x_axis: str | None, y_axis: str | None, draws: int,
          seed: int | None, out: Path) -> None:
    """Map P(ASIC cheaper) over a grid of one or two inputs of PRIORS_FILE.

    Every cell keeps the same draws of the other inputs (the posterior's, with evidence).
    Adds sweep.nc, figures/sweep.png and figures/break_even.png to <out>/<name>/; a later
    `decide run` of the same scenario replaces the folder.
    """
    from decision.errors import SweepError
    from decision.run import run_sweep

    if y_axis and not x_axis:
        _fail_usage("--y needs --x")
    with _Progress() as progress:
        try:
            outcome = run_sweep(priors_file, x_axis, y_axis, draws=draws, seed=seed, out=out,
                                progress=progress.step)
        except PriorsError as exc:
            progress.clear()
            _fail(exc)
        except SweepError as exc:
            progress.clear()
            _fail_usage(str(exc))
    _print_sweep(outcome.sweep, outcome.files)


def _print_sweep(grid, files: list[Path]) -> None:
    x = grid["x"]
    axes = [grid[name] for name in ("x", "y") if name in grid.dims]
    described = " × ".join(f"{a.attrs['input']} ({number(float(a.min()))} – "
                           f"{number(float(a.max()))}, {a.attrs['scale']}, {a.size} points)"
                           for a in axes)
    p = grid["p_asic_cheaper"]
    lines = [f"{grid.attrs['scenario']}: sweep of {described}",
             f"{grid.attrs['draws']:,} draws of every other input, shared by every cell · seed"
             f" {grid.attrs['seed']}",
             f"P(ASIC cheaper) over the grid: {percent(float(p.min()))} to"
             f" {percent(float(p.max()))}"]
    crossing = grid["crossing"]
    if "y" in grid.dims:
        y = grid["y"]
        lines.append(f"50% frontier ({x.attrs['input']} where P(ASIC cheaper) crosses 50%):")
        for i in np.unique(np.linspace(0, y.size - 1, 5).round().astype(int)):
            value = float(crossing.sel(level=0.5).values[i])
            at = number(value) if np.isfinite(value) else "no crossing in range"
            lines.append(f"  {y.attrs['input']} = {number(float(y[i])):<8} → {at}")
    else:
        lines.append("P(ASIC cheaper) crosses " + ", ".join(
            f"{percent(level, 0)} at {number(v) if np.isfinite(v) else 'no value in range'}"
            for level, v in zip(crossing["level"].values, crossing.values, strict=True)))
    b = grid["break_even"].attrs
    median = (f"median {number(b['p50'])} (90%: {number(b['p05'])} – {number(b['p95'])})"
              if b["share_in_range"] > 0 else "none in range")
    lines += [f"Break-even {b['input']} per draw: {median}; flips in range in"
              f" {percent(b['share_in_range'])} of draws, ASIC cheaper throughout in"
              f" {percent(b['share_asic_throughout'])}, GPU cheaper throughout in"
              f" {percent(b['share_gpu_throughout'])}",
              "", "Wrote " + ", ".join(str(f) for f in files)]
    click.echo("\n".join(lines))


def _fail_usage(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _fail(exc: PriorsError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _print_summary(summary: dict, folder: Path, description: str) -> None:
    option = summary["recommendation"]["option"]
    words = {"asic": "build the ASIC program", "gpu": "stay on GPUs"}[option]
    s, c = summary["savings_usd"], summary["crossover_month"]
    se = summary["mc_standard_error"]["p_asic_cheaper"]
    lines = [
        f"{summary['scenario']}: {description}" if description else summary["scenario"],
        f"{summary['draws']:,} draws · seed {summary['seed']} · horizon"
        f" {summary['horizon_months']} months",
        "",
        click.style(f"Decision: {words}", bold=True)
        + f" — the ASIC is cheaper in {percent(summary['p_asic_cheaper'])} of draws"
          f" (±{percent(2 * se, 2)})",
        f"Savings (GPU − ASIC): mean {usd(s['mean'])}, 90% interval {usd(s['p05'])} to"
        f" {usd(s['p95'])}",
        f"Crossover: median {month(c['p50'])} (90%: {month(c['p05'])} to {month(c['p95'])});"
        f" never in {percent(c['never'])} of draws",
        "Annualised TCO (mean, 90% interval):",
    ]
    names = {"gpu_today": "GPU today", "gpu_projected": "GPU projected",
             "asic_projected": "ASIC projected"}
    for key, name in names.items():
        col = summary["columns_usd_per_year"][key]
        lines.append(f"  {name:<15} {usd(col['mean']):>8}/yr  ({usd(col['p05'])} –"
                     f" {usd(col['p95'])})")
    if "evidence" in summary:
        before = summary["evidence"]["prior_decision"]["p_asic_cheaper"]
        d = summary["evidence"]["diagnostics"]
        state = ("converged" if d["converged"] else "NOT converged") + (
            f" (R-hat ≤ {d['max_r_hat']:.3f}, ESS ≥ {d['min_ess_bulk']:,.0f},"
            f" {d['divergences']} divergences)")
        after = summary["p_asic_cheaper"]
        lines += ["", f"Evidence on {len(summary['posterior'])} inputs: P(ASIC cheaper)"
                      f" {percent(before)} under the priors alone → {percent(after)} with"
                      f" evidence; NUTS {state}"]
    files = "summary.json, report.md, figures/, draws.nc" + (
        ", posterior.nc" if "evidence" in summary else "") + (
        ", claims.md" if "claims" in summary else "")
    lines += ["", f"Wrote {folder}/ ({files})"]
    click.echo("\n".join(lines))


class _Progress:
    """Step-by-step progress on stderr when it is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.done = 0
        self.live = sys.stderr.isatty()

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.clear()

    def step(self, name: str, total: int) -> None:
        self.done += 1
        if self.live:
            click.echo(f"\r\033[K[{self.done}/{total}] {name}…", nl=False, err=True)

    def clear(self) -> None:
        if self.live:
            click.echo("\r\033[K", nl=False, err=True)
            self.live = False


if __name__ == "__main__":
    main()
