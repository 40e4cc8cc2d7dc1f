"""The notebook layer: the workbench behind ``%load_ext tapekit``, one job per module, no IPython.

Above the engine, below :mod:`tapekit.widgets` and :mod:`tapekit.magics`, which use it by
the names without a leading underscore; it imports neither of them.

``record``    TapeRecord: what ``%%tape`` keeps of a cell, and the ``--order`` mechanism
``gradients`` gradients of a record, displayed as math (the ``%grad`` result objects)
``diagnose``  why a gradient is ``None``, and how to fix it
``explain``   the reverse sweep step by step (``%grad --explain``)
``replay``    re-running a record's ops on new inputs (``%grad --plot``, widgets)
``plot``      static SVG line charts drawn in pure Python
``graph``     the recorded computation as an SVG drawing and as text (``%tape show``)
``text``      number, array, HTML and LaTeX formatting shared by the others
``kernelspec`` the "Python 3 (tapekit)" kernelspec (``python -m tapekit install-kernel``)

The public face of these modules is :mod:`tapekit.workbench`; the IPython layer is
:mod:`tapekit.magics` (with :mod:`tapekit._ipython`), the only place that imports IPython.
"""

from .._messages import register_catalog

# the notebook layer's messages, one catalog per job (see tapekit/_messages.py)
register_catalog(
    __file__,
    "_messages.json",
    "_messages_diagnose.json",
    "_messages_install.json",
    "_messages_views.json",
)
