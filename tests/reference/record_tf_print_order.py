"""Record the order of Python print and tf.print lines of a traced function in TF 2.21.

Run with TensorFlow's interpreter (never from the tests):
    /work/tfvenv/bin/python tests/reference/record_tf_print_order.py
Both kinds of line go to file descriptor 2 (tf.print writes there from C++), which is
captured into a temporary file, so their relative order is TF's own.
"""

import json
import os
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import tensorflow as tf
from print_order_case import print_order

tf.Variable(0.0)  # TF starts its devices (and logs about it) on its first op: not captured

with tempfile.TemporaryFile(mode="w+") as tmp:
    saved = os.dup(2)
    os.dup2(tmp.fileno(), 2)
    try:
        print_order(tf)
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
    tmp.seek(0)
    lines = [line for line in tmp.read().splitlines() if line]
out = pathlib.Path(__file__).with_name("tf_print_order.json")
out.write_text(json.dumps({"tf_version": tf.__version__, "lines": lines}, indent=1) + "\n")
print(json.dumps(lines))
