"""``tk.device``: choose where new tensors live ("/CPU:0", or "/GPU:0" with CuPy)."""

from __future__ import annotations

import re
import warnings

from .._messages import message
from ..errors import InvalidArgumentError
from . import backend as _backend

_warned_no_gpu = False


class device:
    """``with tk.device("/GPU:0"):`` creates new tensors on that device (TF's API).

    Without a usable GPU, ``/GPU:n`` falls back to the CPU with a one-time warning,
    as TensorFlow's soft device placement does.
    """

    def __init__(self, device_name):
        global _warned_no_gpu
        name = "" if device_name is None else str(device_name)
        m = re.search(r"(?:device:)?(CPU|GPU)(?::(\d+))?$", name, re.IGNORECASE)
        if name and not m:
            raise InvalidArgumentError(None, None, message("bad_device", name=device_name))
        kind = m.group(1).upper() if m else "CPU"
        index = int(m.group(2) or 0) if m else 0
        if kind == "GPU" and _backend.numpy_gpu_available():
            gpu = _backend.gpu_backend(index)
            self._ctx = _backend.use(gpu.xp, gpu.device)
        else:
            if kind == "GPU" and not _warned_no_gpu:
                warnings.warn(message("no_gpu", name=name), stacklevel=2)
                _warned_no_gpu = True
            cpu = _backend.cpu_backend()
            self._ctx = _backend.use(cpu.xp, cpu.device)
        self.name = name

    def __enter__(self):
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)
