"""tk.device: CPU placement, the GPU fallback without CUDA, and the mixed-device error.

``array_api_strict`` has several devices, so the mixed-device rule is tested without a GPU.
"""

from __future__ import annotations

import warnings

import array_api_strict as xps
import numpy as np
import pytest

import tapekit as tk
from tapekit._engine import backend as _backend
from tapekit._engine import device as _device

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


@pytest.mark.parametrize("name", ["/CPU:0", "CPU:0", "/device:CPU:0", "/cpu:0", "cpu"])
def test_cpu_device(name):
    with tk.device(name):
        t = tk.constant([1.0, 2.0])
        y = t * 2.0
    assert t.device == CPU
    assert y.device == CPU
    assert y.numpy().tolist() == [2.0, 4.0]


def test_device_restores_previous_backend(xp):
    before = _backend.current().xp
    with tk.device("/CPU:0"):
        pass
    assert _backend.current().xp is before
    t = tk.constant(1.0)
    assert _backend.namespace_of(t._value) is xp


def test_bad_device_name_raises():
    with pytest.raises(tk.errors.InvalidArgumentError, match="Unknown device specification"):
        tk.device("/TPU:0")


def test_gpu_without_cuda_falls_back_with_one_warning(monkeypatch):
    monkeypatch.setattr(_backend, "numpy_gpu_available", lambda: False)
    monkeypatch.setattr(_device, "_warned_no_gpu", False)
    with pytest.warns(UserWarning) as rec:
        with tk.device("/GPU:0"):
            a = tk.constant([1.0, 2.0])
        with tk.device("/GPU:0"):
            b = tk.constant([3.0])
        with tk.device("/device:GPU:1"):
            c = a * 2.0
    gpu_warnings = [w for w in rec if "No GPU is available" in str(w.message)]
    assert len(gpu_warnings) == 1
    assert "'/GPU:0' runs on the CPU" in str(gpu_warnings[0].message)
    assert a.device == CPU and b.device == CPU and c.device == CPU
    assert c.numpy().tolist() == [2.0, 4.0]


def test_gpu_fallback_gradient_works(monkeypatch):
    monkeypatch.setattr(_backend, "numpy_gpu_available", lambda: False)
    monkeypatch.setattr(_device, "_warned_no_gpu", True)  # the warning is tested above
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with tk.device("/GPU:0"):
            x = tk.constant(3.0)
            with tk.GradientTape() as tape:
                tape.watch(x)
                y = x * x
        assert float(tape.gradient(y, x)) == 6.0


def test_tensors_on_two_devices_in_one_op_raise():
    with tk.backend.use(xps, xps.Device("CPU_DEVICE")):
        a = tk.constant([1.0, 2.0])
    with tk.backend.use(xps, xps.Device("device1")):
        b = tk.constant([1.0, 2.0])
        assert float(tk.reduce_sum(b + b)) == 6.0  # one device: fine
    assert a.device != b.device
    with pytest.raises(tk.errors.InvalidArgumentError) as err:
        a + b
    text = str(err.value)
    assert "different devices" in text
    assert a.device in text and b.device in text
    assert "CPU_DEVICE" in text and "device1" in text
    with pytest.raises(ValueError):
        tk.matmul(tk.reshape(a, (1, 2)), tk.reshape(b, (2, 1)))


def test_gradient_stays_on_the_tensors_device():
    with tk.backend.use(xps, xps.Device("device1")):
        x = tk.constant([1.0, 2.0])
        with tk.GradientTape() as tape:
            tape.watch(x)
            y = tk.reduce_sum(x * x)
        g = tape.gradient(y, x)
    assert g.device == x.device
    assert "device1" in g.device
    np.testing.assert_allclose(g.numpy(), [2.0, 4.0])


def test_list_physical_devices_has_cpu():
    devices = tk.config.list_physical_devices("CPU")
    assert devices[0].name == "/physical_device:CPU:0" and devices[0].device_type == "CPU"
