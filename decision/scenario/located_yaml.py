"""A YAML file read with the line of every key, so any error can name file, line and key."""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path

import yaml

from decision.errors import PriorsError

#: Limits checked before parsing work grows: characters, YAML aliases, nesting depth.
MAX_CHARACTERS = 1_000_000
MAX_ALIASES = 100
MAX_DEPTH = 20
#: Values a file may expand to: aliases can make a short file expand to billions.
MAX_VALUES = 100_000
_NUMBER = re.compile(r"^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?$")


class LocatedYaml:
    """A parsed YAML mapping with the line of every dotted key path.

    Parameters
    ----------
    file : str
        The file as the user named it (used in messages).

    Attributes
    ----------
    lines : dict of str to int
        1-based line of each dotted key path; list items are ``path[index]``.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[str, int] = {}
        self._values = 0

    def error(self, key: str | None, message: str, line: int | None = None) -> PriorsError:
        """A :class:`PriorsError` at ``key`` (line of the key, or of its nearest parent)."""
        if line is None and key is not None:
            probe = key
            while probe and probe not in self.lines:
                probe = probe.rpartition(".")[0]
            line = self.lines.get(probe)
        return PriorsError(self.file, line, key, message)

    def origin(self, key: str) -> str:
        """``"file:line"`` of ``key``."""
        return f"{self.file}:{self.lines.get(key, '?')}"

    def read(self, path: Path, *, empty_hint: str, top_level_hint: str) -> dict:
        """Read and parse the file into plain Python, numeric strings as floats.

        Raises
        ------
        PriorsError
            When the file is missing, unreadable, empty, not YAML or not a mapping.
        """
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise self.error(None, "no such file; check the path (examples are in priors/)"
                             ) from None
        except IsADirectoryError:
            raise self.error(None, "is a folder, not a priors file") from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise self.error(None, f"cannot be read ({reason})") from None
        self._check_size(text)
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except RecursionError:
            raise self.error(None, f"nesting is deeper than {MAX_DEPTH} levels") from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            column = f", column {mark.column + 1}" if mark else ""
            problem = exc.problem or exc.context or "invalid YAML"
            raise self.error(None, f"YAML syntax error{column}: {problem}", line) from None
        except yaml.YAMLError as exc:  # e.g. a character YAML does not allow, such as NUL
            raise self.error(None, f"not readable as YAML: {str(exc).splitlines()[0]}") from None
        if node is None:
            raise self.error(None, f"the file is empty; {empty_hint}")
        if not isinstance(node, yaml.MappingNode):
            raise self.error(None, f"must be a mapping of keys ({top_level_hint})",
                             node.start_mark.line + 1)
        try:
            return self._to_python(node, "", yaml.SafeLoader(""))
        except yaml.constructor.ConstructorError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            raise self.error(None, f"YAML error: {exc.problem}", line) from None

    def _check_size(self, text: str) -> None:
        """Refuse what would make parsing grow without bound, before any parsing work."""
        if len(text) > MAX_CHARACTERS:
            raise self.error(None, f"is {len(text):,} characters; the limit is"
                                   f" {MAX_CHARACTERS:,}: a priors file is a few hundred lines")
        try:
            aliases = sum(isinstance(e, yaml.AliasEvent)
                          for e in yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError:
            return  # compose reports the syntax error with its line
        if aliases > MAX_ALIASES:
            raise self.error(None, f"uses {aliases} YAML aliases (*name); the limit is"
                                   f" {MAX_ALIASES}: write the values out")

    def _to_python(self, node: yaml.Node, path: str, constructor: yaml.SafeLoader,
                   depth: int = 0) -> object:
        self._values += 1
        if self._values > MAX_VALUES:
            raise self.error(None, f"expands to more than {MAX_VALUES:,} values (YAML aliases"
                                   " repeating data?); write the values out")
        if depth > MAX_DEPTH:
            raise self.error(path or None, f"nesting is deeper than {MAX_DEPTH} levels",
                             node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                key = str(constructor.construct_object(key_node))
                child = f"{path}.{key}" if path else key
                if key in out:
                    raise self.error(child, "is given twice", key_node.start_mark.line + 1)
                self.lines[child] = key_node.start_mark.line + 1
                out[key] = self._to_python(value_node, child, constructor, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = f"{path}[{index}]"
                self.lines[child] = item.start_mark.line + 1
                items.append(self._to_python(item, child, constructor, depth + 1))
            return items
        value = constructor.construct_object(node)
        if isinstance(value, str) and _NUMBER.match(value):
            value = float(value.replace("_", ""))
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
            if not math.isfinite(number):
                raise self.error(path or None, f"must be a finite number; got"
                                               f" {show(value)[:40]}", node.start_mark.line + 1)
        return value


def is_number(value: object) -> bool:
    """A finite int or float (not a bool)."""
    return (not isinstance(value, bool) and isinstance(value, int | float)
            and math.isfinite(value))


def is_whole(value: object) -> bool:
    """A finite number with no fractional part."""
    return is_number(value) and float(value).is_integer()


def suggest(key: str, known: list[str] | tuple[str, ...]) -> str:
    """``"; did you mean 'x'?"`` for the closest known key, else the list of known keys."""
    # 0.6: a typo of a known key, not an unrelated key sharing a few letters.
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; known keys: {', '.join(known)}"


def is_version(value: object, expected: int) -> bool:
    """Whether ``value`` is the whole number ``expected`` as YAML writes it (not ``true``, not
    ``1.0``)."""
    return type(value) is int and value == expected


def show(value: object) -> str:
    """A value as a message shows it: its repr, cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_sheet(path: Path, keys: tuple[str, ...], what: str) -> tuple[dict, LocatedYaml]:
    """Read a catalogue sheet (a platform, a model shape): only ``keys`` at the top level,
    ``schema_version: 1`` and a ``name`` equal to the file's name.

    Raises
    ------
    PriorsError
        One line naming file, line and key.
    """
    located = LocatedYaml(str(path))
    raw = located.read(path, empty_hint=f"write a {what} (see {path.parent.name}/)",
                       top_level_hint=", ".join(keys))
    for key in raw:
        if key not in keys:
            raise located.error(key, f"unknown key{suggest(key, keys)}")
    if not is_version(raw.get("schema_version"), 1):
        raise located.error("schema_version", f"must be 1; got {show(raw.get('schema_version'))}")
    if raw.get("name") != path.stem:
        raise located.error("name", f"must be the file's name without .yaml, {path.stem!r}; got"
                                    f" {show(raw.get('name'))}")
    return raw, located
