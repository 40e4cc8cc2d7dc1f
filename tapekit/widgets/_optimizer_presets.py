"""The optimizer explorer's test functions (presets) and its optimizers by name or instance."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .. import optimizers as O
from .._messages import message
from ._base import WidgetInputError


@dataclass(frozen=True)
class Preset:
    """A test function with a view, a start and settings that show something."""

    key: str
    expression: str
    x_range: tuple
    y_range: tuple
    start: tuple
    lr: float
    beta: float = 0.9
    steps: int = 100
    minima: tuple = ()
    saddles: tuple = ()
    note_key: str = ""
    extra: dict = field(default_factory=dict)


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        # seed 003's f(x) = x² − 2x + 1 (a = 1, b = −2, c = 1), plus y² for a second axis;
        # SGD with learning_rate=0.01 for 1000 steps ends at x = 0.999998569, as in the seed
        Preset(
            "quadratic",
            "x**2 - 2*x + 1 + y**2",
            (-1.0, 3.0),
            (-2.0, 2.0),
            (0.0, 1.5),
            0.1,
            0.9,
            60,
            ((1.0, 0.0),),
            note_key="wg_preset_quadratic",
        ),
        Preset(
            "ill-conditioned",
            "x**2 + 25*y**2",
            (-3.0, 3.0),
            (-1.5, 1.5),
            (-2.6, 0.9),
            0.035,
            0.9,
            80,
            ((0.0, 0.0),),
            note_key="wg_preset_ill",
        ),
        Preset(
            "rosenbrock",
            "(1 - x)**2 + 100*(y - x**2)**2",
            (-2.0, 2.0),
            (-1.0, 3.0),
            (-1.21, 0.853),
            0.0015,
            0.9,
            400,
            ((1.0, 1.0),),
            note_key="wg_preset_rosenbrock",
        ),
        Preset(
            "beale",
            "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
            (-4.5, 4.5),
            (-4.5, 4.5),
            (1.0, 1.5),
            0.004,
            0.9,
            400,
            ((3.0, 0.5),),
            note_key="wg_preset_beale",
        ),
        Preset(
            "himmelblau",
            "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
            (-5.0, 5.0),
            (-5.0, 5.0),
            (-0.3, -0.2),
            0.015,
            0.9,
            150,
            ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
            note_key="wg_preset_himmelblau",
        ),
        Preset(
            "saddle",
            "x**2 - y**2",
            (-2.0, 2.0),
            (-2.0, 2.0),
            (-1.8, 0.02),
            0.05,
            0.9,
            45,
            (),
            ((0.0, 0.0),),
            note_key="wg_preset_saddle",
        ),
    )
}


def _factory(name: str):
    """A name ("Momentum", "adam") → (label, make(lr, beta))."""
    key = name.lower().replace("_", "").replace("-", "").replace(" ", "")
    table = {
        "sgd": ("SGD", lambda lr, b: O.SGD(lr)),
        "momentum": ("Momentum", lambda lr, b: O.SGD(lr, momentum=b)),
        "nesterov": ("Nesterov", lambda lr, b: O.SGD(lr, momentum=b, nesterov=True)),
        "adam": ("Adam", lambda lr, b: O.Adam(lr, beta_1=b)),
        "adamw": ("AdamW", lambda lr, b: O.AdamW(lr, beta_1=b)),
        "amsgrad": ("AMSGrad", lambda lr, b: O.Adam(lr, beta_1=b, amsgrad=True)),
        "nadam": ("Nadam", lambda lr, b: O.Nadam(lr, beta_1=b)),
        "adamax": ("Adamax", lambda lr, b: O.Adamax(lr, beta_1=b)),
        "rmsprop": ("RMSprop", lambda lr, b: O.RMSprop(lr)),
        "adagrad": ("Adagrad", lambda lr, b: O.Adagrad(lr)),
        "adadelta": ("Adadelta", lambda lr, b: O.Adadelta(lr)),
    }
    if key not in table:
        close = difflib.get_close_matches(key, list(table), n=1)
        hint = message("wg_hint", name=table[close[0]][0]) if close else ""
        raise WidgetInputError(
            message(
                "wg_unknown_optimizer",
                name=name,
                hint=hint,
                known=", ".join(v[0] for v in table.values()),
            )
        )
    return table[key]


def _from_instance(opt):
    """An Optimizer instance → (label, make(lr, beta)) keeping its other settings."""
    cfg = dict(opt.get_config())
    cls = type(opt)
    label = cls.__name__
    if label == "SGD" and cfg.get("momentum"):
        label = "Nesterov" if cfg.get("nesterov") else "Momentum"

    def make(lr, beta):
        c = dict(cfg, learning_rate=lr)
        if "beta_1" in c:
            c["beta_1"] = beta
        if cls.__name__ == "SGD" and c.get("momentum"):
            c["momentum"] = beta
        return cls.from_config(c)

    return label, make


def resolve_optimizers(optimizers) -> list:
    """Names or instances → [(label, make(lr, beta))], labels made unique ("Adam 2")."""
    if isinstance(optimizers, str):
        optimizers = (optimizers,)
    out, seen = [], {}
    for o in optimizers:
        label, make = _from_instance(o) if isinstance(o, O.Optimizer) else _factory(str(o))
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} {seen[label]}"
        out.append((label, make))
    if not out:
        raise WidgetInputError(message("wg_no_optimizers"))
    return out
