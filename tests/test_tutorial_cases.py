"""tapekit against TensorFlow 2.21 on the behaviours of ``tests/reference/tutorial_cases.py``
(recorded once by ``record_tf_tutorial_cases.py``; TF is never imported here)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import tapekit as tk

REFERENCE = Path(__file__).parent / "reference"
sys.path.insert(0, str(REFERENCE))
import tutorial_cases

RECORDED = json.loads((REFERENCE / "tf_tutorial_cases.json").read_text(encoding="utf-8"))


def test_every_case_is_recorded():
    assert set(tutorial_cases.CASES) == set(RECORDED) - {"_meta"}


@pytest.mark.parametrize("name", sorted(tutorial_cases.CASES))
def test_case_matches_tensorflow(name):
    assert tutorial_cases.run(tk, tutorial_cases.CASES[name]) == RECORDED[name]


@pytest.mark.parametrize("value", ["hello", b"bytes", ["a", "b"]])
def test_string_constants_say_tapekit_has_no_string_tensors(value):
    # a deliberate difference (README): TF makes a string tensor
    with pytest.raises(TypeError, match="tapekit has no string tensors.*Differences from"):
        tk.constant(value)


def test_string_message_in_chinese():
    tk.config.set_language("zh")  # the xp fixture resets it to English
    with pytest.raises(TypeError, match="tapekit 没有字符串张量"):
        tk.constant("你好")
