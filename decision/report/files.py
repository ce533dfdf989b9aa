"""Writing ``results/<name>/`` atomically: all files or none, never a half-written folder."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import xarray as xr
from matplotlib.figure import Figure

#: A staging folder untouched this long belongs to a run that was killed.
STALE_SECONDS = 3600.0


def write_results(
    folder: Path,
    *,
    texts: Mapping[str, str],
    figures: Mapping[str, Figure],
    datasets: Mapping[str, xr.Dataset | xr.DataTree],
    pages: Mapping[str, Callable[[Path], str]] | None = None,
) -> Path:
    """Write a run's outputs into ``folder``, replacing the previous ones only on success.

    Everything is written into a temporary folder beside ``folder`` and renamed into place,
    so a run that fails leaves the previous results of the scenario untouched.

    Parameters
    ----------
    folder : Path
        ``results/<name>``.
    texts : mapping of str to str
        Text files by file name (``summary.json``, ``report.md``, ``claims.md``).
    figures : mapping of str to Figure
        Written as ``figures/<name>.png``.
    datasets : mapping of str to xarray.Dataset or xarray.DataTree
        Written as ``<name>.nc`` (netCDF4 via h5netcdf).
    pages : mapping of str to callable, optional
        Text files composed from the files above once written, by file name: each callable
        takes the folder (``report.html`` inlines ``figures/*.png``).

    Returns
    -------
    Path
        ``folder``.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover(folder)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; results are ordinary files
    try:
        for name, text in texts.items():
            (staging / name).write_text(text)
        (staging / "figures").mkdir()
        for name, figure in figures.items():
            figure.savefig(staging / "figures" / f"{name}.png", dpi=120)
        for name, dataset in datasets.items():
            dataset.to_netcdf(staging / f"{name}.nc", engine="h5netcdf")
        for name, compose in (pages or {}).items():
            (staging / name).write_text(compose(staging))
        _swap_into_place(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def recover(folder: Path) -> None:
    """Undo what a run killed mid-write left beside ``folder``: previous results moved aside
    but not replaced go back in place, and staging folders older than
    :data:`STALE_SECONDS` are removed."""
    retired = folder.with_name(f".{folder.name}.old")
    if retired.is_dir() and not folder.exists():
        retired.rename(folder)
    now = time.time()
    for staging in folder.parent.glob(f".{folder.name}.*"):
        if staging != retired and now - staging.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(staging, ignore_errors=True)


def _swap_into_place(staging: Path, folder: Path) -> None:
    if not folder.exists():
        staging.rename(folder)
        return
    retired = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    folder.rename(retired)
    staging.rename(folder)
    shutil.rmtree(retired, ignore_errors=True)


def add_results(folder: Path, *, figures: Mapping[str, Figure],
                datasets: Mapping[str, xr.Dataset] | None = None,
                texts: Mapping[str, str] | None = None) -> list[Path]:
    """Add files to ``folder`` beside a run's, each written whole then renamed into place.

    ``figures`` go to ``figures/<name>.png``, ``datasets`` to ``<name>.nc`` and ``texts`` to
    the file they are keyed by.

    Returns
    -------
    list of Path
        The files written.
    """
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    targets = ([(folder / "figures" / f"{n}.png", f.savefig) for n, f in figures.items()]
               + [(folder / f"{n}.nc", d.to_netcdf) for n, d in (datasets or {}).items()]
               + [(folder / n, t) for n, t in (texts or {}).items()])
    for target, save in targets:
        partial = target.with_name(f".{target.name}.partial")
        try:
            if isinstance(save, str):
                partial.write_text(save)
            elif target.suffix == ".png":
                save(partial, dpi=120, format="png")
            else:
                save(partial, engine="h5netcdf")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return [target for target, _ in targets]
