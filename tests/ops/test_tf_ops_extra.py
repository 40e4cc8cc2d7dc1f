"""Issue 13's ops against TensorFlow 2.21: values, gradients, dtypes and errors.

``tests/reference/tf_ops_cases.py`` holds the code of each case; TF's answers were
recorded once by ``record_tf_ops_extra.py`` into ``tf_ops_extra.json``.  Here the same
code runs with ``tf`` bound to tapekit and must give what TF gave.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import tapekit as tk

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "reference"))
sys.path.insert(0, str(TESTS))

from test_tf_reference import assert_matches, enc, error_record
from tf_ops_cases import CASES

REF = json.loads((TESTS / "reference" / "tf_ops_extra.json").read_text("utf-8"))["cases"]
pytestmark = pytest.mark.numpy_only


def _run(code: str):
    scope = {"tf": tk}
    try:
        exec(code, scope)  # the repository's own case code
        return {"result": enc(scope["result"])}
    except Exception as exc:
        return error_record(exc)


def test_every_case_was_recorded():
    assert set(REF) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tensorflow(name):
    assert_matches(_run(CASES[name]), REF[name], name)
