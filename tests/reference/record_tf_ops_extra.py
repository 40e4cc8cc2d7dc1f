"""Record TensorFlow 2.21's answers for issue 13's ops (``tf_ops_cases.CASES``).

Run by hand with the shared TensorFlow environment (never in CI)::

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/record_tf_ops_extra.py

It writes ``tf_ops_extra.json`` (values, gradients, dtypes and errors, in the encoding
``record_tf.py`` uses) and ``tf_namespaces.json`` (``dir()`` of ``tf``, ``tf.math``,
``tf.linalg`` and ``tf.nn``, for ``tools/tf_names.py``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow as tf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from record_tf import enc, error_record
from tf_ops_cases import CASES


def run(code: str):
    scope = {"tf": tf}
    try:
        exec(code, scope)  # the cases are this repository's own code
        return {"result": enc(scope["result"])}
    except Exception as exc:
        return error_record(exc)


def main() -> None:
    out = {"_meta": {"tensorflow": tf.__version__}, "cases": {k: run(c) for k, c in CASES.items()}}
    (HERE / "tf_ops_extra.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    names = {
        "_meta": {"tensorflow": tf.__version__},
        "tf": sorted(n for n in dir(tf) if not n.startswith("_")),
        "tf.math": sorted(n for n in dir(tf.math) if not n.startswith("_")),
        "tf.linalg": sorted(n for n in dir(tf.linalg) if not n.startswith("_")),
        "tf.nn": sorted(n for n in dir(tf.nn) if not n.startswith("_")),
    }
    (HERE / "tf_namespaces.json").write_text(json.dumps(names, indent=1) + "\n")


if __name__ == "__main__":
    main()
