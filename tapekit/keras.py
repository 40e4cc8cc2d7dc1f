"""``tk.keras``: only what TF autodiff lessons need resolves here; the rest says so."""

from ._messages import message

_WHAT = {
    "layers": "Keras layers",
    "models": "Keras models",
    "Sequential": "Keras models",
    "Model": "Keras models",
    "losses": "Keras losses",
    "metrics": "Keras metrics",
    "datasets": "Keras datasets",
    "optimizers": "Keras optimizers (not yet in this version of tapekit)",
}


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(
        message("missing_tf_name", name=f"keras.{name}", what=_WHAT.get(name, f"keras.{name}"))
    )
