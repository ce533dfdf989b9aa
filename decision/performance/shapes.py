"""Served models by shape: the shipped presets in ``priors/models/``, read and checked."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from decision.errors import PriorsError
from decision.platforms.sheet import check_source
from decision.scenario.catalogue import PLAUSIBLE_WORDS, Domain
from decision.scenario.located_yaml import LocatedYaml, is_number, read_sheet, show, suggest

#: Where the shipped model shapes live.
MODELS_DIR = Path(__file__).parents[2] / "priors" / "models"
ARCHITECTURES = ("decoder", "encoder", "encoder-decoder")
MODEL_KEYS = ("schema_version", "name", "title", "architecture", "source", "shape")
#: Shape keys: (required, whole number, meaning).
SHAPE_KEYS: dict[str, tuple[bool, bool, str]] = {
    "parameters_b": (True, False, "parameters, billions (all experts of a mixture)"),
    "active_parameters_b": (False, False, "parameters used per token, billions (a mixture)"),
    "experts": (False, True, "experts per mixture layer"),
    "experts_per_token": (False, True, "experts each token is routed to"),
    "layers": (True, True, "transformer layers (the decoder's, for an encoder-decoder)"),
    "encoder_layers": (False, True, "encoder layers of an encoder-decoder"),
    "hidden_size": (True, True, "model width d"),
    "attention_heads": (True, True, "query heads"),
    "kv_heads": (True, True, "key/value heads (fewer than query heads with grouped-query)"),
    "head_dim": (True, True, "width of one head"),
}


@dataclass(frozen=True)
class ModelShape:
    """A served model's shape; sizes in parameters (not billions)."""

    name: str
    title: str
    architecture: str
    parameters: float
    active_parameters: float
    experts: int
    experts_per_token: int
    layers: int
    encoder_layers: int
    hidden_size: int
    kv_heads: int
    head_dim: int
    source: str

    @property
    def encoder_parameters(self) -> float:
        """Parameters of the encoder, in proportion to its layers (0 without one)."""
        if self.architecture == "decoder":
            return 0.0
        if self.architecture == "encoder":
            return self.parameters
        return self.parameters * self.encoder_layers / (self.encoder_layers + self.layers)


def load_model(path: str | Path) -> ModelShape:
    """Read and check a model shape file.

    Raises
    ------
    PriorsError
        One line naming file, line and key.
    """
    path = Path(path)
    raw, located = read_sheet(path, MODEL_KEYS, "model shape")
    return model_from_mapping(raw, located)


def model_from_mapping(raw: dict, located: LocatedYaml, at: str = "") -> ModelShape:
    """Check a model shape written as a mapping (a shape file's contents, or a priors file's
    ``serving.model``); ``at`` prefixes the keys errors name (``"serving.model."``).

    Raises
    ------
    PriorsError
        One line naming file, line and key.
    """
    for key in raw:
        if key not in MODEL_KEYS:
            raise located.error(f"{at}{key}", f"unknown key{suggest(key, MODEL_KEYS)}")
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise located.error(f"{at}name", "is required: the model's name")
    if not isinstance(raw.get("title", raw["name"]), str) or not raw.get("title", "-").strip():
        raise located.error(f"{at}title", f"must be text; got {show(raw['title'])}")
    if raw.get("architecture") not in ARCHITECTURES:
        raise located.error(f"{at}architecture", f"must be one of {', '.join(ARCHITECTURES)};"
                                                 f" got {show(raw.get('architecture'))}")
    check_source(raw.get("source"), located, f"{at}source")
    shape = raw.get("shape")
    if not isinstance(shape, dict):
        raise located.error(f"{at}shape", "is required: parameters_b, layers, hidden_size, ...")
    return _shape(raw, shape, located, f"{at}shape")


def find_model(name: str, folder: Path = MODELS_DIR) -> ModelShape:
    """The shipped model called ``name``, or a model file at that path."""
    if name.endswith((".yaml", ".yml")):
        return load_model(name)
    names = sorted(f.stem for f in folder.glob("*.yaml"))
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(names)}"
        raise PriorsError("--model", None, None, f"unknown model {name!r}; {hint} (or give a"
                                                 " model file, .yaml)")
    return load_model(folder / f"{name}.yaml")


def _shape(raw: dict, shape: dict, located: LocatedYaml, at: str) -> ModelShape:
    values = {}
    for key, value in shape.items():
        if key not in SHAPE_KEYS:
            raise located.error(f"{at}.{key}", f"unknown key{suggest(key, tuple(SHAPE_KEYS))}")
        whole = SHAPE_KEYS[key][1]
        if (not is_number(value) or value <= 0 or not Domain.POSITIVE.plausible(float(value))
                or (whole and not float(value).is_integer())):
            kind = "a whole number of at least 1" if whole else "greater than 0"
            raise located.error(f"{at}.{key}", f"must be {kind} and {PLAUSIBLE_WORDS}; got"
                                               f" {show(value)}")
        values[key] = float(value)
    for key, (required, _, meaning) in SHAPE_KEYS.items():
        if required and key not in values:
            raise located.error(at, f"{key} is missing ({meaning})")

    def fail(key: str, message: str) -> PriorsError:
        return located.error(f"{at}.{key}", message)

    moe = [k in values for k in ("active_parameters_b", "experts", "experts_per_token")]
    if any(moe) and not all(moe):
        raise fail("experts", "a mixture of experts needs active_parameters_b, experts and"
                              " experts_per_token together")
    active = values.get("active_parameters_b", values["parameters_b"])
    if active > values["parameters_b"]:
        raise fail("active_parameters_b", "cannot exceed parameters_b")
    if all(moe) and values["experts_per_token"] >= values["experts"]:
        raise fail("experts_per_token", "must be fewer than experts")
    if values["attention_heads"] % values["kv_heads"]:
        raise fail("kv_heads", "must divide attention_heads")
    encoder_layers = values.get("encoder_layers", 0.0)
    if (raw["architecture"] == "encoder-decoder") != (encoder_layers > 0):
        raise fail("encoder_layers", "is given for an encoder-decoder, and only for one")
    return ModelShape(
        name=raw["name"], title=str(raw.get("title", raw["name"])),
        architecture=raw["architecture"], parameters=values["parameters_b"] * 1e9,
        active_parameters=active * 1e9, experts=int(values.get("experts", 0)),
        experts_per_token=int(values.get("experts_per_token", 0)),
        layers=int(values["layers"]), encoder_layers=int(encoder_layers),
        hidden_size=int(values["hidden_size"]), kv_heads=int(values["kv_heads"]),
        head_dim=int(values["head_dim"]), source=raw["source"])
