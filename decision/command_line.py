"""What every ``decide`` command shares: exit codes, common options, one-line errors, the
pipeline run with progress, and the unit-slip and convergence checks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from decision.errors import PriorsError, SweepError

if TYPE_CHECKING:
    from decision.report.schema import Diagnostics
    from decision.scenario.priors_file import Scenario

EXIT_BAD_INPUT = 2
EXIT_NOT_CONVERGED = 3

SEED = click.option("--seed", type=click.IntRange(min=0),
                     help="Random seed (default: the file's sampling.seed).")
OUT = click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                    default=Path("results"), show_default=True,
                    help="Folder that holds <out>/<name>/.")
CLAIMS = click.option("--claims", "claims_file", type=click.Path(dir_okay=True, path_type=Path),
                       help="A claims file (e.g. priors/claims/seed-claims.yaml) besides the"
                            " file's own claims: section.")
STRICT = click.option("--strict", is_flag=True, help="Exit 2 before running when a value looks"
                       " written in another unit; exit 3 when the evidence's NUTS chains did"
                       " not converge (results are still written).")


class OneLineErrors(click.Group):
    """A command group whose usage errors are one line on stderr, exit 2, like every other
    bad input (click prints three)."""

    def main(self, *args, **kwargs):  # noqa: D102 - click's entry point
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "decide"
            click.echo(f"error: {exc.format_message()} (see {command} --help)", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def call_pipeline[Outcome](command: Callable[..., Outcome], *args: object, **kwargs: object
                   ) -> Outcome:
    """Run a pipeline command with progress; a user's mistake exits 2 with one line."""
    from decision.report.progress import Progress

    with Progress() as progress:
        try:
            return command(*args, progress=progress.step, **kwargs)
        except (PriorsError, SweepError) as exc:
            progress.clear()
            fail(str(exc))


def check_units(priors_file: Path, strict: bool) -> Scenario:
    """Load the priors file and warn, one line each, of values that look written in another
    unit; under ``--strict`` exit 2 on any."""
    from decision.scenario.plausibility import unit_slips
    from decision.scenario.priors_file import load_scenario

    try:
        scenario = load_scenario(priors_file)
    except PriorsError as exc:
        fail(str(exc))
    slips = unit_slips(scenario.inputs)
    for slip in slips:
        click.echo(str(slip), err=True)
    if strict and slips:
        sys.exit(EXIT_BAD_INPUT)
    return scenario


def check_convergence(diagnostics: Diagnostics | None, strict: bool, *, said: bool = False,
                       **warning: str) -> None:
    """Say when NUTS chains did not converge; under ``--strict`` exit 3.

    ``said``: the output already gave the diagnostics' numbers, so only the warning is added;
    ``warning``: what the warning says is unreliable and how to fix it.
    """
    from decision.report.terminal import convergence_line, convergence_warning

    if diagnostics is None:
        return
    if not said:
        click.echo(f"Evidence: {convergence_line(diagnostics)}")
    if not diagnostics.converged:
        click.echo(convergence_warning(diagnostics, **warning), err=True)
        if strict:
            sys.exit(EXIT_NOT_CONVERGED)


def fail(message: str) -> None:
    """Print ``message`` as the one line of a user's mistake and exit 2."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)
