"""Output dtypes of every public op on int32, int64, bool, float16, float32 and float64
inputs against TensorFlow 2.21's (``tests/reference/tf_dtypes.json``, recorded by
``record_tf_dtypes.py`` from the calls in ``dtype_cases.py``).

An op must give TF's dtype, or raise where TF raises (TF's error class among the tapekit
error's classes).  ``KNOWN_DIFFERENCES`` lists the (case, dtype) pairs that still differ:
they are open work (issue 13, item 3), not accepted behaviour, and the test fails as
soon as one of them starts to agree, so the list can only shrink.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

REFDIR = Path(__file__).resolve().parents[1] / "reference"
sys.path.insert(0, str(REFDIR))

from dtype_cases import CASES, DTYPES, make, result_dtypes

import tapekit as tk

REF = json.loads((REFDIR / "tf_dtypes.json").read_text("utf-8"))["cases"]
KNOWN_DIFFERENCES = set(
    tuple(line.split("\t"))
    for line in (REFDIR / "tf_dtypes_known_differences.txt").read_text("utf-8").splitlines()
    if line and not line.startswith("#")
)
pytestmark = pytest.mark.numpy_only  # dtype rules are the backend's business nowhere else


def _tapekit(kind, call, dtype):
    try:
        x = make(tk, kind, dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return {"dtypes": result_dtypes(call(tk, x))}
    except Exception as exc:  # compared with what TF raised
        return {"error_mro": [c.__name__ for c in type(exc).__mro__], "message": str(exc)}


def _agrees(want, got) -> bool:
    if "dtypes" in want:
        return got.get("dtypes") == want["dtypes"]
    return want["error_type"] in got.get("error_mro", ())


@pytest.mark.parametrize("name", list(CASES))
def test_output_dtype_or_error_matches_tf(name):
    kind, call = CASES[name]
    wrong, fixed = [], []
    for dtype in DTYPES:
        want = REF[name][dtype]
        got = _tapekit(kind, call, dtype)
        agrees = _agrees(want, got)
        if (name, dtype) in KNOWN_DIFFERENCES:
            if agrees:
                fixed.append(dtype)
        elif not agrees:
            wrong.append(f"{dtype}: TF {want}, tapekit {got}")
    assert not wrong, "\n".join(wrong)
    assert not fixed, f"now agrees with TF, remove from the known differences: {fixed}"


def test_int32_sums_and_means_stay_int32():
    """Issue 13, item 3: TF keeps int32 (no widening to int64), also for a list of int32."""
    x = tk.constant([1, 2, -4], dtype="int32")
    assert tk.reduce_sum(x).dtype == tk.int32
    assert tk.reduce_sum([x, x]).dtype == tk.int32
    assert tk.reduce_mean(x).dtype == tk.int32
    assert int(tk.reduce_sum(x)) == -1
    # TF 2.21: reduce_mean([1, 2, -4]) = 0 and reduce_mean([-1, -2]) = -1 (truncated, not floored)
    assert int(tk.reduce_mean(x)) == 0
    assert int(tk.reduce_mean(tk.constant([-1, -2], dtype="int32"))) == -1
