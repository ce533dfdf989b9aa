"""The ``decide`` command line: parse arguments, call the library, print, set the exit code.

Rendering lives in :mod:`decision.report.terminal`; the work in :mod:`decision.pipeline`; what
the commands share (options, errors, checks) in :mod:`decision.command_line`.
"""

from __future__ import annotations

from pathlib import Path

import click

from decision.command_line import (
    CLAIMS,
    EXIT_NOT_CONVERGED,
    OUT,
    SEED,
    STRICT,
    OneLineErrors,
    call_pipeline,
    check_convergence,
    check_units,
    fail,
)
from decision.defaults import CLAIM_DRAWS, MIN_DRAWS, SWEEP_DRAWS
from decision.errors import PriorsError

__all__ = ["EXIT_NOT_CONVERGED", "main"]

@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="decide")
def main() -> None:
    """Will an inference ASIC beat the GPU fleet on total cost over your horizon?

    Write your beliefs in a priors file (docs/priors-format.md; `decide init FILE` writes one
    to start from) and run `decide run FILE`. The docs/ folder explains the cost
    model (model.md), the results (results.md), the performance layer (performance.md) and the
    platform catalogue (platforms.md).
    """


@main.command(short_help="The whole analysis of a priors file, into results/<name>/.")
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--draws", type=click.IntRange(min=MIN_DRAWS), help="Monte Carlo draws (default: the"
              " file's sampling.draws, else 100,000).")
@SEED
@OUT
@STRICT
@CLAIMS
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes that value the file's studies and waits: more than 1 starts a"
                   " local Dask cluster (default: threads of this process).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Value them on an existing Dask cluster instead (see docs/architecture.md).")
def run(priors_file: Path, draws: int | None, seed: int | None, out: Path, strict: bool,
        claims_file: Path | None, workers: int | None, scheduler: str | None) -> None:
    """Run the whole analysis of PRIORS_FILE and write results/<name>/.

    With an evidence: section, the evidenced inputs are updated by PyMC (NUTS) first; with
    claims, each is stress-tested and the report says what it would change; with studies:
    or waiting:, each is valued (on --workers or --scheduler when given).
    """
    scenario = check_units(priors_file, strict)  # before the pipeline's imports: fails fast
    if (workers or scheduler) and not (scenario.studies or scenario.waiting):
        click.echo("note: --workers and --scheduler value a file's studies: and waiting:, and"
                   f" {priors_file} has neither; the run stays in this process", err=True)
    from decision.pipeline import run as run_analysis
    from decision.report.terminal import run_text

    outcome = call_pipeline(run_analysis, scenario, draws=draws, seed=seed, out=out,
                            claims_file=claims_file, workers=workers, scheduler=scheduler)
    click.echo(run_text(outcome.summary, outcome.folder, outcome.scenario.description))
    check_convergence(outcome.diagnostics, strict, said=True)


@main.command(short_help="Stress-test vendor claims against a priors file's beliefs.")
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
@CLAIMS
@click.option("--draws", type=click.IntRange(min=100), default=CLAIM_DRAWS, show_default=True,
              help="Draws of the team's beliefs every claim is tested on.")
@SEED
@OUT
@STRICT
def stress(priors_file: Path, claims_file: Path | None, draws: int, seed: int | None,
           out: Path, strict: bool) -> None:
    """Stress-test vendor claims against the beliefs of PRIORS_FILE.

    A claim about inputs is taken as true, then discounted by haircuts of 0-80%: what
    P(ASIC cheaper) becomes and how far the claim can be inflated before the decision flips. A
    claim about an output is recomputed from its own stated inputs and placed in the team's
    distribution. Adds claims.md, claims.json and figures to <out>/<name>/.
    """
    scenario = check_units(priors_file, strict)  # before the pipeline's imports: fails fast
    from decision.pipeline import run_stress
    from decision.report.terminal import stress_text

    outcome = call_pipeline(run_stress, scenario, claims_file, draws=draws, seed=seed, out=out)
    click.echo(stress_text(outcome.scenario.name, outcome.claims, outcome.files))
    check_convergence(outcome.diagnostics, strict)


@main.command(short_help="Check a priors file; list every input with its origin.")
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 2 when a value looks written in another"
              " unit (a percentage as a whole number, watts for kilowatts, ...).")
def validate(priors_file: Path, strict: bool) -> None:
    """Check PRIORS_FILE; print every input with its median, 90% interval and origin, and warn
    of values that look written in another unit."""
    scenario = check_units(priors_file, strict)
    from decision.report.terminal import validation_text

    click.echo(validation_text(priors_file, scenario))


@main.command(short_help="Write a commented priors file to start from.")
@click.argument("priors_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--model", help="A served model (llama-3-70b, ...): with --gpu-platform, the"
              " roofline sizes the fleets.")
@click.option("--gpu-platform", help="The GPU fleet's platform (decide platforms).")
@click.option("--asic-platform", help="The ASIC's platform, or a sheet file relative to"
              " PRIORS_FILE, with --model.")
def init(priors_file: Path, model: str | None, gpu_platform: str | None,
         asic_platform: str | None) -> None:
    """Write PRIORS_FILE: every input with its unit, meaning and default, an EXAMPLE belief
    for each required one to replace, and no evidence. It never overwrites a file."""
    from decision.scenario.priors_file import load_scenario, valid_name
    from decision.scenario.template import priors_template

    if priors_file.exists():
        fail(f"{priors_file}: already exists; init never overwrites a file, choose a new name")
    if bool(model) != bool(gpu_platform) or (asic_platform and not model):
        fail("--model and --gpu-platform go together (and --asic-platform with them)")
    name = priors_file.stem if valid_name(priors_file.stem) else "my-decision"
    try:
        text = priors_template(name, model, gpu_platform, asic_platform, priors_file.parent)
    except PriorsError as exc:
        fail(str(exc))
    priors_file.parent.mkdir(parents=True, exist_ok=True)
    priors_file.write_text(text, encoding="utf-8")
    try:
        load_scenario(priors_file)
    except PriorsError as exc:
        priors_file.unlink()
        fail(str(exc))
    click.echo(f"Wrote {priors_file}: replace each EXAMPLE, then `decide validate"
               f" {priors_file}` and `decide run {priors_file}`.")


@main.command(short_help="Every input of the cost model: unit, domain, default, meaning.")
@click.option("--markdown", is_flag=True, help="As the Markdown table of docs/model.md.")
def inputs(markdown: bool) -> None:
    """Every input of the cost model with its unit, domain, default and meaning: what a priors
    file's sections may set (docs/priors-format.md)."""
    from decision.report.inputs_text import inputs_markdown, inputs_text

    click.echo(inputs_markdown() if markdown else inputs_text())


@main.command(short_help="The platform catalogue, or one sheet with its sources.")
@click.argument("name", required=False)
def platforms(name: str | None) -> None:
    """List the platform catalogue, or print the sheet of platform NAME with its sources."""
    from decision.platforms.catalogue import find_platform, load_catalogue
    from decision.report.platforms_text import catalogue_text, sheet_text

    try:
        text = sheet_text(find_platform(name)) if name else catalogue_text(load_catalogue())
    except PriorsError as exc:
        fail(str(exc))
    click.echo(text)


@main.command(short_help="Throughput of a model on a platform (the roofline).")
@click.option("--platform", required=True, help="A platform of the catalogue (decide platforms).")
@click.option("--model", required=True,
              help="A shipped model shape (llama-3-70b, ...) or a model file (.yaml).")
@click.option("--input-tokens", type=click.IntRange(min=1), required=True,
              help="Prompt tokens per request.")
@click.option("--output-tokens", type=click.IntRange(min=0), required=True,
              help="Generated tokens per request.")
@click.option("--precision", type=click.Choice(["bf16", "fp8", "int8"]), default="bf16",
              show_default=True, help="Weights precision; sets the peak used.")
@click.option("--kv-precision", type=click.Choice(["bf16", "fp8", "int8"]),
              help="KV cache precision (default: --precision).")
@click.option("--ttft-ms", type=click.FloatRange(min=0, min_open=True),
              help="Time-to-first-token target.")
@click.option("--tpot-ms", type=click.FloatRange(min=0, min_open=True),
              help="Time-per-output-token target; caps the batch.")
@click.option("--batch", type=click.IntRange(min=1),
              help="Serve at this batch instead of the largest that fits.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of a table.")
def throughput(platform: str, model: str, input_tokens: int, output_tokens: int,
               precision: str, kv_precision: str | None, ttft_ms: float | None,
               tpot_ms: float | None, batch: int | None, as_json: bool) -> None:
    """Throughput of a model on a platform from the roofline (docs/performance.md): per chip
    and per replica, median and 90% interval over the sheet's and the efficiencies' priors."""
    from decision.pipeline.throughput import size
    from decision.report.throughput_text import dumps, throughput_text

    try:
        sizing = size(platform, model, input_tokens, output_tokens, precision, ttft_ms, tpot_ms,
                      batch, kv_precision=kv_precision)
    except PriorsError as exc:
        fail(str(exc))
    click.echo(dumps(sizing) if as_json else throughput_text(sizing))


@main.command(short_help="The roofline against measured benchmarks (--fit: NUTS).")
@click.argument("benchmarks_file", type=click.Path(dir_okay=False, path_type=Path),
                required=False)
@click.option("--fit", is_flag=True, help="Also update the efficiency priors with the"
              " measurements (PyMC, NUTS) and print them as priors to use.")
@click.option("--strict", is_flag=True, help="With --fit, exit with code 3 when the NUTS chains"
              " did not converge.")
def calibrate(benchmarks_file: Path | None, fit: bool, strict: bool) -> None:
    """Check the roofline against measured throughput: for each result of BENCHMARKS_FILE
    (default: the shipped MLPerf results), predicted / measured tokens/s per chip."""
    from decision.performance.benchmarks import SHIPPED_BENCHMARKS, load_benchmarks
    from decision.performance.benchmarks import calibrate as predict
    from decision.report.calibration_text import calibration_text

    benchmarks_file = benchmarks_file or SHIPPED_BENCHMARKS
    try:
        measured = load_benchmarks(benchmarks_file)
        results = [predict(result) for result in measured]
    except PriorsError as exc:
        fail(str(exc))
    click.echo(calibration_text(results, str(benchmarks_file)))
    if fit:
        from decision.performance.efficiency_fit import fit_efficiencies
        from decision.report.efficiency_fit_text import efficiency_fit_text

        try:
            fitted = fit_efficiencies(measured)
        except ValueError as exc:
            fail(f"{benchmarks_file}: {exc}; --fit needs at least one")
        click.echo("\n" + efficiency_fit_text(fitted))
        check_convergence(fitted.diagnostics, strict, said=True,
                           consequence="the fitted efficiencies are unreliable",
                           fix="add results, or check the benchmark file")


@main.command(short_help="Map P(ASIC cheaper) over one or two inputs.")
@click.argument("priors_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--x", "x_axis", metavar="PATH[=LO:HI][:log][:N]",
              help="First input to sweep (default: workload.inferences_per_day over a tenth to"
                   " ten times its value, with --y asic.model_freeze_months, or a custom"
                   " option's).")
@click.option("--y", "y_axis", metavar="PATH[=LO:HI][:log][:N]",
              help="Second input, for a two-input crossover map.")
@click.option("--draws", type=click.IntRange(min=100), default=SWEEP_DRAWS, show_default=True,
              help="Draws of the other inputs, shared by every cell.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes that evaluate the grid: 1 runs it here; more start a local Dask"
                   " cluster (default: one per free core).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on an existing Dask cluster instead (see docs/architecture.md).")
@SEED
@OUT
@STRICT
def sweep(priors_file: Path, x_axis: str | None, y_axis: str | None, draws: int,
          workers: int | None, scheduler: str | None, seed: int | None, out: Path,
          strict: bool) -> None:
    """Map P(ASIC cheaper) over a grid of one or two inputs of PRIORS_FILE.

    Every cell keeps the same draws of the other inputs (the posterior's, with evidence).
    Adds sweep.nc, figures/sweep.png and figures/break_even.png to <out>/<name>/ (and
    figures/sweep_winner.png, which option wins where, with more than two options); a later
    `decide run` of the same scenario replaces the folder.
    """
    if y_axis and not x_axis:
        fail("--y needs --x")
    scenario = check_units(priors_file, strict)  # before the pipeline's imports: fails fast
    from decision.pipeline import run_sweep
    from decision.report.terminal import sweep_text

    outcome = call_pipeline(run_sweep, scenario, x_axis, y_axis, draws=draws, seed=seed, out=out,
                            workers=workers, scheduler=scheduler)
    click.echo(sweep_text(outcome.sweep, outcome.files))
    check_convergence(outcome.diagnostics, strict)


if __name__ == "__main__":
    main()
