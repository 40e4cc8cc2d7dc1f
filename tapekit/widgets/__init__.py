"""Interactive widgets for learning autodiff: ``tk.widgets`` (loaded on first use).

``derivative_explorer(f, x_range=(-3, 3), orders=(1, 2))``
    f and its derivatives computed by tapekit (one vectorised tape pass when f is
    elementwise), a slider for a point x₀ with the tangent and a Taylor polynomial there;
    f may be a function or a string such as ``"sin(x) * x**2"``.
``optimizer_explorer(f=None, optimizers=("SGD", "Momentum", "Adam", "RMSprop"), ...)``
    contours of a 2-D function with several ``tk.optimizers`` racing from one start, a
    loss-versus-step plot, sliders for learning rate, momentum/β₁ and steps, a Play button
    and presets (the seeds' quadratic, ill-conditioned, Rosenbrock, Beale, Himmelblau,
    saddle); divergence is detected and marked.
``tape_view(tape)``
    the recorded graph (``%tape show``'s drawing); select a node for its value and
    gradient.

Each works in JupyterLab 4, Notebook 7, VS Code and Voilà with core ipywidgets only (the
plot is an ``Image`` widget fed PNG frames drawn by matplotlib's Agg), leaves a static PNG
in the saved notebook, and with ``interactive=False`` returns ``Snapshot`` (``fig, data``)
for scripts, tests and nbval.  Labels follow ``tk.config.set_language``; Chinese renders
with the bundled font (a subset of Noto Sans SC, SIL OFL 1.1: ``fonts/OFL.txt``).
"""

from __future__ import annotations

import importlib

from .. import notebook  # noqa: F401  (registers the notebook layer's keys widgets use)
from .._messages import message, no_attribute, register_catalog

register_catalog(__file__, "_messages.json")

# each public name -> the module that defines it (imported on first use)
_WHERE = {
    "derivative_explorer": ".derivative",
    "optimizer_explorer": ".optimizer",
    "tape_view": ".tape",
    "PRESETS": ".optimizer",
    "Snapshot": "._base",
    "WidgetInputError": "._base",
    "ExpressionError": "._expr",
}
__all__ = list(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        try:
            module = importlib.import_module(_WHERE[name], __name__)
        except ModuleNotFoundError as e:  # installed without the [jupyter] extra
            top = (e.name or "").split(".")[0]
            if top not in ("matplotlib", "PIL", "ipywidgets"):
                raise
            text = message("missing_extra", what=f"tk.widgets.{name}", module=top, extra="jupyter")
            raise ModuleNotFoundError(text, name=e.name) from None
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise no_attribute("tapekit.widgets", name, __all__)


def __dir__():
    return sorted(set(globals()) | set(__all__))
