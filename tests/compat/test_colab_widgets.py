"""The widgets on Colab's ipywidgets 7.7.1, seen from the kernel's side of the wire.

A kernel from the session's ``colab_stack`` virtualenv (IPython 7.34, ipykernel 5.5.6,
ipywidgets 7.7.1) shows each explorer; the test reads the iopub messages a frontend (Colab,
Notebook 6.5.7) would get: the ``comm_open`` of every widget model (ipywidgets 7's controls
are ``@jupyter-widgets/controls`` 1.5.0), the plot's ``ImageModel`` with its PNG frame as a
binary buffer, and one ``display_data`` holding both the widget view (the explorer's model
id) and that same frame as ``image/png`` (what a saved notebook shows without a kernel).
Then the test moves the x₀ slider as a browser does (a ``comm_msg`` ``update`` from the
frontend) and checks that the kernel sends the new frame to the ``Image`` model.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import queue
import time

import pytest

# (900 s: the first test may build the shared virtualenv, a few minutes on a loaded machine)
pytestmark = [pytest.mark.numpy_only, pytest.mark.slow, pytest.mark.timeout(900)]

PNG = b"\x89PNG\r\n\x1a\n"
CONTROLS = "@jupyter-widgets/controls"
SHOW = {
    "derivative_explorer": 'view = tk.widgets.derivative_explorer("sin(x)")\nview',
    "optimizer_explorer": "view = tk.widgets.optimizer_explorer(steps=20)\nview",
    "tape_view": (
        "x = tk.Variable(3.0)\nwith tk.GradientTape() as tape:\n    y = x**2 + tk.math.sin(x)\n"
        "view = tk.widgets.tape_view(tape)\nview"
    ),
}
# models each explorer must open (beyond the VBox of the view and its Image)
MODELS = {
    "derivative_explorer": {"FloatSliderModel", "IntSliderModel", "HBoxModel"},
    "optimizer_explorer": {"PlayModel"},
    "tape_view": {"DropdownModel"},
}


class Kernel:
    """A kernel of the Colab virtualenv and the messages each request caused."""

    def __init__(self, km, kc):
        self.km, self.kc = km, kc

    def collect(self, msg_id: str, timeout: float = 120) -> list[dict]:
        """Every iopub message caused by request ``msg_id``, until the kernel is idle."""
        deadline, messages = time.monotonic() + timeout, []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                raise AssertionError(f"no idle after {timeout} s: {messages[-5:]}") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return messages

    def execute(self, code: str) -> list[dict]:
        messages = self.collect(self.kc.execute(code))
        errors = [m["content"] for m in messages if m["msg_type"] == "error"]
        assert not errors, "\n".join("\n".join(e["traceback"]) for e in errors)
        return messages

    def comm_update(self, comm_id: str, state: dict) -> list[dict]:
        """What a frontend sends when the user moves a control."""
        content = {"comm_id": comm_id, "data": {"method": "update", "state": state}}
        msg = self.kc.session.msg("comm_msg", content)
        self.kc.shell_channel.send(msg)
        return self.collect(msg["header"]["msg_id"])


@pytest.fixture(scope="module")
def kernel(colab_stack, tmp_path_factory):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    kernels = tmp_path_factory.mktemp("kernels")
    (kernels / "colab").mkdir()
    spec = {
        "argv": [colab_stack.python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab stack",
        "language": "python",
    }
    (kernels / "colab" / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    ksm = KernelSpecManager(kernel_dirs=[str(kernels)])
    km = KernelManager(kernel_name="colab", kernel_spec_manager=ksm)
    km.start_kernel(env={**colab_stack.env, "TAPEKIT_LANG": "en"}, cwd=str(colab_stack.clone))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        k = Kernel(km, kc)
        messages = k.execute(
            "import ipywidgets, tapekit as tk\nprint(ipywidgets.__version__)\n"
            "import IPython\nprint(IPython.__version__)"
        )
        out = "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream")
        assert out.split() == ["7.7.1", "7.34.0"], out
        yield k
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _widgets(messages, widgets: dict | None = None) -> dict[str, dict]:
    """``{comm_id: {"state": ..., "buffers": {path: bytes}}}``: the widget comms opened,
    with the ``update`` messages that followed applied, as a frontend holds them."""
    widgets = {} if widgets is None else {k: _copy(w) for k, w in widgets.items()}
    for m in messages:
        content = m["content"]
        if m["msg_type"] == "comm_open" and content["target_name"] == "jupyter.widget":
            widgets[content["comm_id"]] = {"state": {}, "buffers": {}}
        elif not (m["msg_type"] == "comm_msg" and content["data"].get("method") == "update"):
            continue
        widget, data = widgets[content["comm_id"]], content["data"]
        widget["state"].update(data["state"])
        for path, buf in zip(data.get("buffer_paths", []), m["buffers"]):
            widget["buffers"][tuple(path)] = bytes(buf)
    return widgets


def _copy(widget: dict) -> dict:
    return {"state": dict(widget["state"]), "buffers": dict(widget["buffers"])}


def _with_class(widgets: dict, css: str) -> list[str]:
    return [cid for cid, w in widgets.items() if css in w["state"].get("_dom_classes", [])]


def _model(ref: str) -> str:
    assert ref.startswith("IPY_MODEL_"), ref
    return ref.removeprefix("IPY_MODEL_")


def _png_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        im.load()  # decodes the whole frame, not only the header
        return im.size


@pytest.mark.parametrize("explorer", sorted(SHOW))
def test_the_view_opens_its_models_and_displays_the_frame_with_it(kernel, explorer):
    messages = kernel.execute("import tapekit as tk\n" + SHOW[explorer])
    widgets = _widgets(messages)
    names = {w["state"]["_model_name"] for w in widgets.values()}
    assert {"VBoxModel", "ImageModel", "LayoutModel", "HTMLModel"} | MODELS[explorer] <= names
    controls = {
        w["state"]["_model_module_version"]
        for w in widgets.values()
        if w["state"]["_model_module"] == CONTROLS
    }
    assert controls == {"1.5.0"}, f"not ipywidgets 7's protocol: {controls}"
    (view,) = _with_class(widgets, "tapekit-widget")
    (image,) = _with_class(widgets, "tapekit-plot")
    assert image in [_model(c) for c in widgets[view]["state"]["children"]]
    frame = widgets[image]["buffers"][("value",)]
    assert frame.startswith(PNG) and widgets[image]["state"]["format"] == "png"

    kinds = ("display_data", "execute_result")
    shown = [m["content"]["data"] for m in messages if m["msg_type"] in kinds]
    assert len(shown) == 1, f"one output, not {len(shown)}: {[sorted(d) for d in shown]}"
    (data,) = shown
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == view
    png = base64.b64decode(data["image/png"])
    assert png == frame, "the saved PNG is not the frame the Image widget shows"
    width, height = _png_size(png)
    assert width > 200 and height > 100
    layout = widgets[_model(widgets[image]["state"]["layout"])]["state"]
    assert layout["width"] == f"{width}px"  # the PNG's own width: no blur
    # the explorer's summary, not ipywidgets' repr cut at 110 characters
    assert not data["text/plain"].startswith("VBox("), data["text/plain"]


def test_moving_the_slider_sends_a_new_frame(kernel):
    messages = kernel.execute("import tapekit as tk\n" + SHOW["derivative_explorer"])
    widgets = _widgets(messages)
    (slider,) = _with_class(widgets, "tapekit-x0")
    (image,) = _with_class(widgets, "tapekit-plot")
    first = widgets[image]["buffers"][("value",)]
    lo, hi = widgets[slider]["state"]["min"], widgets[slider]["state"]["max"]
    target = lo + (hi - lo) / 4
    replies = kernel.comm_update(slider, {"value": target})
    sent = [m for m in replies if m["msg_type"] == "comm_msg"]
    assert {m["content"]["comm_id"] for m in sent} >= {image}, [m["content"] for m in sent]
    now = _widgets(replies, widgets)[image]["buffers"][("value",)]
    assert now.startswith(PNG) and now != first
    _png_size(now)
    # the kernel's side agrees: x0 moved, and the view shows (and would save) that frame
    out = kernel.execute(
        "import base64, hashlib\nprint(view.x0.value)\n"
        "print(hashlib.sha256(bytes(view.image.value)).hexdigest())\n"
        "print(hashlib.sha256(base64.b64decode(view._repr_mimebundle_()['image/png']))"
        ".hexdigest())"
    )
    text = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream").split()
    digest = hashlib.sha256(now).hexdigest()
    assert float(text[0]) == pytest.approx(target) and text[1:] == [digest, digest], text
