"""Record TensorFlow 2.21's answers for ``tf_more_ops_cases.CASES`` into ``tf_more_ops.json``.

Run by hand with the shared TensorFlow environment (never in CI)::

    /work/tfvenv/bin/python tests/reference/record_tf_more_ops.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tensorflow as tf
from record_tf import enc, error_record
from tf_more_ops_cases import CASES


def run(fn):
    try:
        return {"result": enc(fn(tf))}
    except Exception as exc:  # the error is the record
        return error_record(exc)


def main() -> None:
    out = {"_meta": {"tensorflow": tf.__version__}, "cases": {k: run(f) for k, f in CASES.items()}}
    path = HERE / "tf_more_ops.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(CASES)} cases)")


if __name__ == "__main__":
    main()
