"""Record TensorFlow 2.21's results for ``tutorial_cases.py`` into ``tf_tutorial_cases.json``.

Run by hand in a scratch virtualenv (never in CI, never a dependency)::

    python3 -m venv /tmp/tfref && /tmp/tfref/bin/pip install tensorflow-cpu==2.21.0 tf-keras==2.21.0
    TF_CPP_MIN_LOG_LEVEL=3 /tmp/tfref/bin/python tests/reference/record_tf_tutorial_cases.py
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
import tutorial_cases


def main() -> None:
    data = {
        "_meta": {"tensorflow": tf.__version__},
        **{name: tutorial_cases.run(tf, fn) for name, fn in tutorial_cases.CASES.items()},
    }
    out = HERE / "tf_tutorial_cases.json"
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(data) - 1} cases)")


if __name__ == "__main__":
    main()
