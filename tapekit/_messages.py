"""Message catalog: every user-facing error and warning, in English and Chinese.

``message(key, **fields)`` formats the text in the current language, chosen with
``tapekit.config.set_language("zh")`` or the ``TAPEKIT_LANG`` environment variable.

This module holds the machinery only.  The texts are data: each subsystem keeps its keys
beside it in JSON files (``{key: {"en": ..., "zh": ...}}``, UTF-8), registers them with
:func:`register_catalog` when it is imported, and they are read on the first lookup:

- ``tapekit/_engine/_messages.json``: tensors, the tape and its gradients, devices, variables,
  custom gradients, ``tk.function``, ``tk.print``, the functional ops, the facades'
  missing-name hints (registered with the engine, hence by ``import tapekit``);
- ``tapekit/ops/_messages.json`` (the registry's dtype, shape and device checks, the ops of
  the larger topic modules) and ``_messages_arguments.json`` (single ops' argument checks,
  English texts in TF's own wording);
- ``tapekit/optimizers/_messages.json``: optimizers and learning-rate schedules;
- ``tapekit/notebook/_messages.json`` (the magics' options, argument errors, tape and
  workspace names, limits), ``_messages_diagnose.json`` (why a gradient is ``None``),
  ``_messages_views.json`` (the ``%%tape`` summary, ``--explain``, ``--plot``, ``%tape show``,
  ``%tapekit info``) and ``_messages_install.json`` (the kernelspec, ``python -m tapekit``,
  the extras);
- ``tapekit/widgets/_messages.json``: derivative_explorer, optimizer_explorer, tape_view.

Keys are grouped by prefix (``magic_``, ``wb_``, ``ex_``, ``plot_``, ``graph_``, ``wg_``, ...).
Code uses the keys of its own subsystem or of one below it, so a key is registered before it
is looked up (``tests/test_errors.py``).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Mapping

_LANGS = ("en", "zh")
_language = os.environ.get("TAPEKIT_LANG", "en").lower()[:2]
if _language not in _LANGS:
    _language = "en"


def get_language() -> str:
    """The language messages are written in: ``"en"`` or ``"zh"``."""
    return _language


def set_language(lang: str) -> None:
    """Language for messages: ``"en"`` or ``"zh"``."""
    global _language
    lang = str(lang).lower().replace("_", "-")
    lang = {"cn": "zh", "zh-cn": "zh", "zh-hans": "zh", "chinese": "zh", "english": "en"}.get(
        lang, lang[:2]
    )
    if lang not in _LANGS:
        # in the language still in force (this module sits below every catalog)
        text = {
            "en": "Unsupported language {lang}; choose 'en' or 'zh'.",
            "zh": "不支持的语言 {lang}；请选择 'en' 或 'zh'。",
        }[_language]
        raise ValueError(text.format(lang=repr(lang)))
    _language = lang


class _Catalog(Mapping):
    """key -> {language: text}: the registered JSON files, read on first use so that
    ``import tapekit`` parses no texts (most programs never show a message)."""

    __slots__ = ("_entries", "_pending", "_lock")

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, str]] = {}
        self._pending: list[str] = []
        self._lock = threading.Lock()

    def register(self, path: str) -> None:
        with self._lock:
            self._pending.append(path)

    def _loaded(self) -> dict[str, dict[str, str]]:
        if self._pending:
            import json

            with self._lock:
                while self._pending:  # popped once read: other threads wait for the lock
                    with open(self._pending[0], encoding="utf-8") as f:
                        self._entries.update(json.load(f))
                    del self._pending[0]
        return self._entries

    def __getitem__(self, key: str) -> dict[str, str]:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


CATALOG = _Catalog()
"""Every registered message: key -> {language: text}."""


def register_catalog(beside: str, *names: str) -> None:
    """Add the JSON catalogs ``names``, in the folder of the module file ``beside``."""
    folder = os.path.dirname(beside)
    for name in names:
        CATALOG.register(os.path.join(folder, name))


def message(key: str, **fields) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    entry = CATALOG[key]
    text = entry.get(_language) or entry["en"]
    return text.format(**fields)


def no_attribute(module: str, name: str, known) -> AttributeError:
    """A facade's ``__getattr__`` error: no ``name`` in ``module``, the closest of ``known``
    suggested."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    hint = message("did_you_mean", name=close[0]) if close else ""
    return AttributeError(message("no_attribute", module=module, name=name, hint=hint))


def user_stacklevel() -> int:
    """The ``stacklevel`` that attributes a warning to the first caller outside tapekit
    (the user's line), however deep inside tapekit it was raised."""
    frame = sys._getframe(1)  # the caller of this function: level 1 for warnings.warn
    level = 1
    while frame is not None:
        name = frame.f_globals.get("__name__")
        inside = isinstance(name, str) and (name == "tapekit" or name.startswith("tapekit."))
        if not inside and not frame.f_code.co_filename.startswith("<tk.function plan"):
            return level
        frame = frame.f_back
        level += 1
    return 1
