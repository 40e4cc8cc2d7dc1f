"""``optimizer_explorer``: several tk.optimizers racing from one start on a 2-D function.

Left: log-spaced contours of f (optionally the descent direction −∇f as arrows), each
optimizer's path; right: loss against step.  Sliders for the learning rate, momentum/β₁
and the number of steps recompute the trajectories (``continuous_update=False``: on
release); the step slider and its Play button only index the precomputed trajectories, so
a frame redraws just the paths up to that step, the current points and the loss cursor on
top of the cached contours.  Trajectories come from the optimizers themselves
(``opt.record_trajectory()`` around ``opt.minimize`` steps: the same update rules as
training, none copied here).  A run whose loss or position becomes non-finite or explodes
is stopped and marked ✕ "diverged at step k" instead of crashing or drawing nothing.
"""

from __future__ import annotations

import time

from .._messages import message
from ._base import WidgetInputError, labelled, snapshot, view_class
from ._optimizer_model import MAX_STEPS, OptimizerModel
from ._optimizer_presets import PRESETS, Preset, resolve_optimizers

PLAY_INTERVAL_MS = 80  # a frame of Play at most every 80 ms ...
MAX_PLAY_INTERVAL_MS = 1000  # ... and at least every second

__all__ = [
    "MAX_STEPS",
    "PRESETS",
    "OptimizerModel",
    "Preset",
    "optimizer_explorer",
    "optimizer_view",
    "resolve_optimizers",
]


# -- entry point -----------------------------------------------------------------------------
def optimizer_explorer(
    f=None,
    optimizers=("SGD", "Momentum", "Adam", "RMSprop"),
    start=None,
    *,
    preset=None,
    lr=None,
    beta=None,
    steps=None,
    x_range=None,
    y_range=None,
    arrows: bool = True,
    interactive: bool = True,
):
    """Compare optimizers from one start on a 2-D function: contours, paths, loss vs step.

    ``f``: ``None`` (the preset, default the seeds' quadratic), a preset name
    (``"quadratic"``, ``"ill-conditioned"``, ``"rosenbrock"``, ``"beale"``,
    ``"himmelblau"``, ``"saddle"``), a string in x and y (``"x**2 + 10*y**2"``) or a
    function of one tensor ``v`` of shape (2,) (x = ``v[0]``, y = ``v[1]``).
    ``optimizers``: names (SGD, Momentum, Nesterov, Adam, AdamW, AMSGrad, Nadam, Adamax,
    RMSprop, Adagrad, Adadelta) or ``tk.optimizers`` instances (their other settings are
    kept).  ``lr`` and ``beta`` (momentum, or Adam's β₁) apply to all of them, as do the
    sliders.  ``interactive=False`` returns a :class:`Snapshot` (``fig, data = ...``).
    """
    model = OptimizerModel(
        f,
        optimizers,
        start,
        preset=preset,
        lr=lr,
        beta=beta,
        steps=steps,
        x_range=x_range,
        y_range=y_range,
        arrows=arrows,
        progress=interactive,
    )
    if not interactive:
        return snapshot(model, usable=model.fn is not None and model.frame is not None)
    return optimizer_view(model)


def pace_play(play, frame_ms: float) -> None:
    """Play no faster than the kernel draws: frames asked for faster than they are drawn
    queue up, and the plot then trails the slider by several steps (issue 11)."""
    wanted = max(PLAY_INTERVAL_MS, min(int(1.25 * frame_ms) + 1, MAX_PLAY_INTERVAL_MS))
    if wanted > play.interval or wanted < 0.5 * play.interval:
        play.interval = wanted


def _caption(model) -> str:
    import html

    note = getattr(model, "preset_note", "")
    return f'<div style="color:#444;font-size:13px;margin:2px 0">{html.escape(note)}</div>'


def optimizer_view(model):
    """The interactive view of an :class:`OptimizerModel`."""
    import ipywidgets as W

    ok = model.frame is not None
    lr0 = model.lr if ok else 0.01
    steps0 = model.steps if ok else 100
    preset = labelled(
        W.Dropdown, "tapekit-preset", "auto",
        options=[
            (message(f"wg_preset_name_{k.replace('-', '_')}"), k) for k in model.preset_options()
        ],
        value=model.preset_key if ok else model.preset_options()[0],
        description=message("wg_preset"),
    )  # fmt: skip
    arrows = W.Checkbox(value=model.arrows, description=message("wg_arrows"), indent=False)
    lr = labelled(
        W.FloatLogSlider, "tapekit-lr", "34%", value=lr0, base=10, min=-5, max=0.5, step=0.05,
        description=message("wg_lr"), readout_format=".3g", continuous_update=False,
    )  # fmt: skip
    beta = labelled(
        W.FloatSlider, "tapekit-beta", "33%", value=model.beta if ok else 0.9, min=0.0,
        max=0.995, step=0.005, description=message("wg_beta"), readout_format=".3f",
        continuous_update=False,
    )  # fmt: skip
    steps = labelled(
        W.IntSlider, "tapekit-steps", "33%", value=steps0, min=1, max=MAX_STEPS,
        description=message("wg_steps"), continuous_update=False,
    )  # fmt: skip
    step = labelled(
        W.IntSlider, "tapekit-step", "70%", value=steps0, min=0, max=steps0,
        description=message("wg_step"), continuous_update=True,
    )  # fmt: skip
    # the Play button moves the step slider by the slider's own step, one frame each
    play = W.Play(
        value=steps0, min=0, max=steps0, step=step.step, interval=PLAY_INTERVAL_MS,
        description="▶",
    )  # fmt: skip
    play.add_class("tapekit-play")
    W.jslink((play, "value"), (step, "value"))
    caption = W.HTML(_caption(model))
    caption.add_class("tapekit-caption")
    controls = [
        W.HBox([preset, arrows]),
        caption,
        W.HBox([lr, beta, steps]),
        W.HBox([play, step]),
    ]
    view = view_class()(model, controls)
    view.caption = caption
    view.preset, view.arrows, view.lr, view.beta = preset, arrows, lr, beta
    view.steps, view.step, view.play = steps, step, play
    holding = []

    def sync_controls():
        holding.append(1)
        try:
            lr.value, beta.value = model.lr, model.beta
            steps.value = model.steps
            step.max = play.max = model.steps
            step.value = play.value = model.step
        finally:
            holding.pop()

    def apply(**kw):
        if holding:
            return
        t0 = time.perf_counter()
        try:
            redo = model.set(**kw)
        except WidgetInputError as e:
            model.error = str(e)
            view.show_status()
            return
        if redo == "interrupted":  # the controls go back to the state still shown
            holding.append(1)
            try:
                preset.value = model.preset_key
            finally:
                holding.pop()
            sync_controls()
            view.show_status()
            return
        model.error = None
        if redo in ("all", "runs"):
            sync_controls()
            caption.value = _caption(model)
        view.refresh()
        view.last_update_ms = (time.perf_counter() - t0) * 1e3
        view.last_update_kind = redo
        if redo == "frame":
            pace_play(play, view.last_update_ms)

    preset.observe(lambda c: apply(preset=c["new"]), "value")
    arrows.observe(lambda c: apply(arrows=c["new"]), "value")
    lr.observe(lambda c: apply(lr=c["new"]), "value")
    beta.observe(lambda c: apply(beta=c["new"]), "value")
    steps.observe(lambda c: apply(steps=c["new"]), "value")
    step.observe(lambda c: apply(step=c["new"]), "value")
    if not ok:
        for w in (arrows, lr, beta, steps, step, play):
            w.disabled = True
    return view
