"""Message catalog: every user-facing error and warning, in English and Chinese.

``message(key, **fields)`` formats the text in the current language, chosen with
``tapekit.config.set_language("zh")`` or the ``TAPEKIT_LANG`` environment variable.

This module holds the machinery only.  Each subsystem keeps its keys beside it, in
``_messages*.py`` modules that add them to :data:`CATALOG` when the subsystem is imported:
``tapekit/_engine/_messages.py`` (loaded with the engine, hence by ``import tapekit``),
``tapekit/ops/_messages*.py``, ``tapekit/optimizers/_messages.py``,
``tapekit/notebook/_messages*.py`` and ``tapekit/widgets/_messages.py``.  Code uses the keys
of its own subsystem or of one below it, so a key is registered before it is looked up
(``tests/test_errors.py``).
"""

from __future__ import annotations

import os

_LANGS = ("en", "zh")
_language = os.environ.get("TAPEKIT_LANG", "en").lower()[:2]
if _language not in _LANGS:
    _language = "en"


def get_language() -> str:
    return _language


def set_language(lang: str) -> None:
    """Language for messages: ``"en"`` or ``"zh"``."""
    global _language
    lang = str(lang).lower().replace("_", "-")
    lang = {"cn": "zh", "zh-cn": "zh", "zh-hans": "zh", "chinese": "zh", "english": "en"}.get(
        lang, lang[:2]
    )
    if lang not in _LANGS:
        raise ValueError(f"Unsupported language {lang!r}; choose 'en' or 'zh'.")
    _language = lang


CATALOG: dict[str, dict[str, str]] = {}
"""key -> {language: text}; filled by the subsystems' ``_messages*.py`` modules."""


def message(key: str, **fields) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    entry = CATALOG[key]
    text = entry.get(_language) or entry["en"]
    return text.format(**fields)
