"""The course's list of lessons (``notebooks/lessons.json``), as the notebook tests read it.

The tests never list lesson files themselves: ``tools/lessons.py`` (which also writes the
README table and renumbers the files) is the one reader of the list, loaded here by path.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


def _load_tool():
    name = "tapekit_course_lessons"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "lessons.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


tool = _load_tool()
LESSONS = tool.load(ROOT)


def lesson_file(kind: str, stem: str) -> Path | None:
    """The file of a lesson in ``kind`` (en, zh, solutions) as it is named today."""
    return tool.find(ROOT, kind, stem)


# the file stems of the listed lessons that exist in English (ids of parametrized tests)
STEMS = [p.stem for p in (lesson_file("en", x.stem) for x in LESSONS) if p is not None]
