"""Errors a user can fix: each renders as one line naming the file, the line and the key."""

from __future__ import annotations


class SpecError(ValueError):
    """A value or distribution spec is invalid, independent of where it was written.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it, in one sentence.
    field : str, optional
        The sub-key of the spec at fault (``"ci90"``, ``"kwargs.sigma"``), so the caller can
        point at its line.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PriorsError(Exception):
    """A priors file cannot be used as written.

    Parameters
    ----------
    file : str
        The file as the user named it.
    line : int or None
        1-based line of the offending key, when known.
    key : str or None
        Dotted path of the offending key, when there is one.
    message : str
        What is wrong and how to fix it.
    """

    def __init__(self, file: str, line: int | None, key: str | None, message: str) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f" {self.key}:" if self.key else ""
        return f"{where}:{what} {self.message}"


class SweepError(ValueError):
    """A sweep cannot run as asked (its axes, or where it runs); the message is one line
    naming the fix."""
