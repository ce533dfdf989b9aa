"""The shipped platform catalogue: every sheet in ``priors/platforms/``, by name."""

from __future__ import annotations

import difflib
from pathlib import Path

from decision.errors import PriorsError
from decision.platforms.sheet import Platform, load_platform

#: Where the shipped sheets live.
PLATFORMS_DIR = Path(__file__).parents[2] / "priors" / "platforms"


def load_catalogue(folder: Path = PLATFORMS_DIR) -> dict[str, Platform]:
    """Every platform sheet in ``folder``, checked, by name in alphabetical order.

    Raises
    ------
    PriorsError
        The first sheet that does not validate, as one line naming file, line and key.
    """
    return {p.name: p for p in (load_platform(f) for f in sorted(folder.glob("*.yaml")))}


def find_platform(name: str, folder: Path = PLATFORMS_DIR) -> Platform:
    """The sheet called ``name``.

    Raises
    ------
    PriorsError
        When there is no such platform, naming the closest ones.
    """
    names = sorted(f.stem for f in folder.glob("*.yaml"))
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(names)}"
        raise PriorsError("platform", None, None,
                          f"unknown platform {name!r}; {hint} (`decide platforms` lists them)")
    return load_platform(folder / f"{name}.yaml")
