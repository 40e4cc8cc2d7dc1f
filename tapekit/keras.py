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
}


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    if name == "optimizers":  # tf.keras.optimizers.SGD(...) resolves to tk.optimizers
        from . import optimizers

        globals()[name] = optimizers
        return optimizers
    raise AttributeError(
        message("missing_tf_name", name=f"keras.{name}", what=_WHAT.get(name, f"keras.{name}"))
    )
