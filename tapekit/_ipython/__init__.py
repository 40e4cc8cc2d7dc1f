"""The IPython layer behind :mod:`tapekit.magics` (the only place, with it, that imports IPython).

``workspace``  the user namespace and the records: tensors by name, tapes by name, labels
``tape_cell``  ``%%tape``: the cell compiled and run inside the tapes of a new record
``cell``       the cell's AST rewriting for ``--watch`` (hooks after the binding statements)
``tape_line``  ``%tape show|list|forget``
``grad_line``  ``%grad``: gradients, ``--explain`` and ``--plot``
``options``    a magic's line: size limits, argparse's errors as messages, "did you mean"
``tracebacks`` a tapekit error's traceback ends at the user's line

Layer: above the engine, the notebook layer and the widgets; nothing in tapekit imports it
but :mod:`tapekit.magics`.
"""
