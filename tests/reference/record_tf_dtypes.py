"""Record TensorFlow 2.21's output dtypes of every public op on every input dtype.

Run by hand with TensorFlow installed (never in CI)::

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/record_tf_dtypes.py

For each case of ``dtype_cases.CASES`` and each dtype of ``dtype_cases.DTYPES`` it stores
the output dtypes (a list: one per output) or the class of the error TF raises, in
``tf_dtypes.json`` next to itself.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dtype_cases import CASES, DTYPES, make, result_dtypes


def record():
    out = {}
    for name, (kind, call) in CASES.items():
        per = {}
        for dtype in DTYPES:
            try:
                x = make(tf, kind, dtype)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    per[dtype] = {"dtypes": result_dtypes(call(tf, x))}
            except Exception as exc:  # what TF raises is the record
                per[dtype] = {"error_type": type(exc).__name__, "message": str(exc)[:200]}
        out[name] = per
    return out


def main():
    ref = {"_meta": {"tensorflow": tf.__version__}, "cases": record()}
    (HERE / "tf_dtypes.json").write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
