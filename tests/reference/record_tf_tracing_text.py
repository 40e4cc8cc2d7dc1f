"""Record what TF 2.21 shows of tensors while a ``tf.function`` traces.

Run with TensorFlow's interpreter (never from the tests)::

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/record_tf_tracing_text.py
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
import tracing_text_cases


def main() -> None:
    data = {
        "_meta": {"tensorflow": tf.__version__},
        **{name: case(tf) for name, case in tracing_text_cases.CASES.items()},
    }
    out = HERE / "tf_tracing_text.json"
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(data) - 1} cases)")


if __name__ == "__main__":
    main()
