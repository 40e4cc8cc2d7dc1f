"""``tk.config``: devices, message language and other switches."""

from __future__ import annotations

from collections import namedtuple

from ._engine import backend as _backend
from ._engine.function import functions_run_eagerly, run_functions_eagerly
from ._messages import get_language, set_language

__all__ = [
    "list_physical_devices",
    "list_logical_devices",
    "get_visible_devices",
    "set_language",
    "get_language",
    "experimental",
    "run_functions_eagerly",
    "functions_run_eagerly",
]

PhysicalDevice = namedtuple("PhysicalDevice", ["name", "device_type"])


def list_physical_devices(device_type=None) -> list:
    """CPU always; GPUs when CuPy sees CUDA devices."""
    devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    for i in range(_backend.gpu_count()):
        devices.append(PhysicalDevice(f"/physical_device:GPU:{i}", "GPU"))
    if device_type is not None:
        devices = [d for d in devices if d.device_type == str(device_type).upper()]
    return devices


list_logical_devices = list_physical_devices
get_visible_devices = list_physical_devices


class experimental:
    """The parts of ``tf.config.experimental`` that make sense without TF's runtime."""

    list_physical_devices = staticmethod(list_physical_devices)
    list_logical_devices = staticmethod(list_logical_devices)

    @staticmethod
    def set_memory_growth(device, enable) -> None:
        """Accepted for compatibility: CuPy's memory pool already grows on demand."""

    @staticmethod
    def set_virtual_device_configuration(device, logical_devices) -> None:
        """Accepted for compatibility; tapekit does not split devices."""

    @staticmethod
    def VirtualDeviceConfiguration(memory_limit=None, **kwargs):  # TF's name
        """TF's ``VirtualDeviceConfiguration``: its arguments as a dict (nothing is split)."""
        return {"memory_limit": memory_limit, **kwargs}
