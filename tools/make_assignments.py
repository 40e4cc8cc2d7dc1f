"""Generate the nbgrader source of the course from the lessons and their reference solutions.

One source of truth: the exercises' wording comes from each lesson notebook (its "Exercises" /
"练习" section, in both languages), the answers and the checks from
``notebooks/solutions/NN_<stem>.py``; assignments are named by the lesson's stem in
notebooks/lessons.json (``derivatives_en``, not ``04_derivatives_en``).  Nothing under
``course/source/`` is edited by hand; run

    python tools/make_assignments.py            # writes course/source/<lesson>_<lang>/
    cd course && nbgrader generate_assignment --all

How a solution script becomes an assignment (the convention the scripts already follow):

- the code before the first ``# 1.`` comment is the set-up (data, the lesson's function), a
  read-only cell;
- ``# N.`` starts exercise N; its top-level ``assert`` statements are its autograded tests
  (equalities become comparisons with a tolerance), everything else is the answer, stripped
  with nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION`` (a function keeps its signature
  and docstring, so the student knows what to write);
- a test that holds a number the student should find is hidden (``### BEGIN HIDDEN TESTS``);
  the visible part checks that the names the tests read are defined;
- one point per test; an exercise with no top-level ``assert`` (a derivation on paper, a
  question) is a manually graded answer of one point, outside the autograded total.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "zh")
# ``# N.`` or the lessons' ``# %% Exercise N (level, kind): ...`` cells
SECTION = re.compile(r"^# (?:(\d+)\.\s|%% Exercise (\d+)\b)")
EXERCISE_HEADING = re.compile(r"^##\s+(Exercises|练习)", re.M)
ITEM = re.compile(
    r"^(?:(\d+)\.\s+|#{2,4}\s*(?:Exercise|练习)\s*(\d+)\b[.:：]?\s*"
    r"|\*\*(?:Exercise|练习) (\d+)\*\*[^\n]*\n)",
    re.M,
)
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"

SETUP_HELPERS = '''\
import numpy as np
from tapekit.testing import check_grads


def _close(a, b, rtol=1e-5, atol=1e-6):
    """a == b for numbers, tensors and tuples of them, up to rounding."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_close(x, y, rtol, atol) for x, y in zip(a, b))
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return bool(a == b)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _defined(*names):
    """The names a test reads, so a missing answer says what to define."""
    missing = [n for n in names if n not in globals()]
    assert not missing, f"define {', '.join(missing)} / 请定义 {', '.join(missing)}"
'''

TEXT = {
    "en": {
        "title": "# Exercises: {title}",
        "intro": (
            "Write your answers in the cells that say `YOUR CODE HERE` (delete the `raise`"
            " line), then run the test cell below each: a silent test cell passes. Some tests"
            " are hidden and run only when your work is graded. Validate before you submit"
            " (Validate button, or `nbgrader validate`)."
        ),
        "exercise": "## Exercise {n} ({points})",
        "points": "{p} point|{p} points",
        "manual": "graded by hand",
        "answer": "YOUR ANSWER HERE",
    },
    "zh": {
        "title": "# 练习：{title}",
        "intro": (
            "在写着 `YOUR CODE HERE` 的单元格中作答（删掉 `raise` 那一行），然后运行下面的测试"
            "单元格：没有输出就是通过。部分测试是隐藏的，只在评分时运行。提交前请先验证"
            "（Validate 按钮或 `nbgrader validate`）。"
        ),
        "exercise": "## 练习 {n}（{points}）",
        "points": "{p} 分|{p} 分",
        "manual": "人工评分",
        "answer": "YOUR ANSWER HERE",
    },
}


@dataclass
class Exercise:
    number: int
    answer: str  # the answer cell, with solution markers
    tests: list[str] = field(default_factory=list)  # visible asserts
    hidden: list[str] = field(default_factory=list)  # hidden asserts
    names: list[str] = field(default_factory=list)

    @property
    def points(self) -> int:
        return len(self.tests) + len(self.hidden)


def _lessons_tool():
    """tools/lessons.py, the one reader of notebooks/lessons.json (shared with the tests)."""
    name = "tapekit_course_lessons"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "lessons.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def lesson_file(kind: str, stem: str) -> Path | None:
    """A lesson's notebook (``en``, ``zh``) or solution script (``solutions``) as it is named
    today (``NN_stem`` or, before it is numbered, ``stem``): assignments are named by stem, so
    renumbering the lessons renames no assignment."""
    return _lessons_tool().find(ROOT, kind, stem)


def lessons() -> list[str]:
    """Stems of the lessons in course order (notebooks/lessons.json) that have both notebooks
    and a solution script."""
    tool = _lessons_tool()
    return [
        x.stem
        for x in tool.load(ROOT)
        if all(lesson_file(kind, x.stem) for kind in ("solutions", *LANGS))
    ]


def exercise_texts(notebook: Path) -> tuple[str, dict[int, str], str]:
    """(title, {number: wording}, intro) from the lesson's Exercises section."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    title, collected, inside = notebook.stem, [], False
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        first = re.search(r"^#\s+(.+)$", text, re.M)
        if first and title == notebook.stem:
            title = first.group(1).strip()
        match = EXERCISE_HEADING.search(text)
        if match:
            inside, text = True, text[match.end() :].split("\n", 1)[-1]
        elif inside and re.match(r"^##\s", text) and not ITEM.match(text):
            break
        if inside:
            collected.append(text)
    body = "\n\n".join(collected)
    items = list(ITEM.finditer(body))
    texts = {}
    for i, m in enumerate(items):
        stop = items[i + 1].start() if i + 1 < len(items) else len(body)
        texts[int(m.group(1) or m.group(2) or m.group(3))] = body[m.end() : stop].strip()
    intro = body[: items[0].start()] if items else body
    # the student's copy does not point at the answers
    intro = "\n".join(line for line in intro.split("\n") if "solutions/" not in line).strip()
    texts = {n: re.sub(r"\n[ \t]+", "\n", t) for n, t in texts.items()}
    return title, texts, intro


def install_cell(notebook: Path) -> str:
    """The lesson's own install cell (tagged ``install-tapekit``: installs tapekit where it is
    missing, as on Colab, and does nothing elsewhere), or "" when the lesson has none."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if "install-tapekit" in cell["metadata"].get("tags", []):
            return "".join(cell["source"])
    return ""


def _sections(source: str) -> tuple[str, list[tuple[int, str]]]:
    """Split a solution script at its ``# N.`` comments (in order): (prelude, [(N, code)])."""
    lines, cuts, expected = source.split("\n"), [], 1
    # a script with "# %% Exercise N" cells uses only those: a numbered list in an answer's
    # comments ("# 3. Each operation ...") is not an exercise
    cells_only = any(m and m.group(2) for m in map(SECTION.match, lines))
    for i, line in enumerate(lines):
        m = SECTION.match(line)
        if m and cells_only and not m.group(2):
            continue
        if m and int(m.group(1) or m.group(2)) == expected:
            cuts.append((expected, i))
            expected += 1
    if not cuts:
        return source, []
    prelude = "\n".join(lines[: cuts[0][1]])
    bounds = [*(c[1] for c in cuts[1:]), len(lines)]
    return prelude, [(n, "\n".join(lines[i:j])) for (n, i), j in zip(cuts, bounds)]


class _Tolerant(ast.NodeTransformer):
    """``a == b == c`` -> ``_close(a, b) and _close(b, c)``."""

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if not all(isinstance(op, ast.Eq) for op in node.ops):
            return node
        terms = [node.left, *node.comparators]
        calls = [
            ast.Call(ast.Name("_close", ast.Load()), [a, b], []) for a, b in zip(terms, terms[1:])
        ]
        return calls[0] if len(calls) == 1 else ast.BoolOp(ast.And(), calls)


def _reveals(node: ast.stmt) -> bool:
    """A test reveals the answer when it holds a number other than a tolerance or bound."""
    if not isinstance(node, ast.Assert):
        return True  # a block: its data are the question's, its expected values the answer
    bounds = set()
    for sub in ast.walk(node.test):
        if isinstance(sub, ast.Compare) and all(
            isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in sub.ops
        ):
            bounds.update(id(c) for c in sub.comparators if isinstance(c, ast.Constant))
    return any(
        isinstance(sub, ast.Constant)
        and isinstance(sub.value, (int, float, complex))
        and not isinstance(sub.value, bool)
        and id(sub) not in bounds
        for sub in ast.walk(node.test)
    )


def _bound_names(stmts: list[ast.stmt]) -> set[str]:
    names = set()
    for stmt in stmts:
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                names.add(sub.id)
            elif isinstance(sub, (ast.FunctionDef, ast.ClassDef)):
                names.add(sub.name)
    return names


def _has_assert(stmt: ast.stmt) -> bool:
    return any(isinstance(sub, ast.Assert) for sub in ast.walk(stmt))


def _reads(stmt: ast.stmt) -> set[str]:
    return {s.id for s in ast.walk(stmt) if isinstance(s, ast.Name) and isinstance(s.ctx, ast.Load)}


def _answer(code: str, stmts: list[ast.stmt]) -> str:
    """The answer cell: every line inside solution markers but functions' signatures."""
    lines = code.split("\n")
    out: list[str] = []
    region: list[str] = []

    def flush(indent: str = "") -> None:
        while region and not region[-1].strip():
            region.pop()
        while region and not region[0].strip():
            region.pop(0)
        if region:
            out.extend([indent + BEGIN, *region, indent + END])
        region.clear()

    pos = 0  # next line of `code` not yet placed
    for stmt in stmts:
        start = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))]) - 1
        region.extend(lines[pos:start])
        if isinstance(stmt, ast.FunctionDef):
            body = stmt.body
            keep = body[0].end_lineno if ast.get_docstring(stmt) and len(body) > 1 else None
            head_end = keep if keep else body[0].lineno - 1
            flush()
            out.extend(lines[start:head_end])
            indent = re.match(r"\s*", lines[head_end]).group(0)
            region.extend(lines[head_end : stmt.end_lineno])
            flush(indent)
        else:
            region.extend(lines[start : stmt.end_lineno])
        pos = stmt.end_lineno
    flush()
    return "\n".join(out).strip("\n")


def parse_solution(source: str) -> tuple[str, list[Exercise]]:
    """(set-up code, exercises) of one solution script."""
    prelude, sections = _sections(source)
    tree = ast.parse(prelude)
    if (
        tree.body
        and isinstance(tree.body[0], ast.Expr)
        and isinstance(tree.body[0].value, ast.Constant)
    ):
        prelude = "\n".join(prelude.split("\n")[tree.body[0].end_lineno :])
    exercises = []
    for number, code in sections:
        stmts = ast.parse(code).body
        asserts = [s for s in stmts if isinstance(s, ast.Assert)]
        work = [s for s in stmts if not isinstance(s, ast.Assert)]
        bound = _bound_names(work)
        # A loop (or other block) with asserts inside that calls what the answer defines is a
        # test of the answer; one that computes everything itself is part of the answer.
        for stmt in work:
            if (
                not isinstance(stmt, (ast.FunctionDef, ast.ClassDef))
                and _has_assert(stmt)
                and _reads(stmt) & (bound - _bound_names([stmt]))
            ):
                asserts.append(stmt)
        work = [s for s in work if s not in asserts]
        bound = _bound_names(work)
        ex = Exercise(number, _answer(code, work))
        for a in asserts:
            tolerant = _Tolerant().visit(ast.parse(ast.unparse(a)).body[0])
            text = ast.unparse(tolerant)
            (ex.hidden if _reveals(a) else ex.tests).append(text)
            for sub in ast.walk(a):
                if isinstance(sub, ast.Name) and sub.id in bound and sub.id not in ex.names:
                    ex.names.append(sub.id)
        exercises.append(ex)
    return prelude.strip("\n"), exercises


def _cell(kind: str, source: str, grade_id: str, **nbgrader) -> dict:
    meta = {"grade": False, "grade_id": grade_id, "locked": False, "schema_version": 3}
    meta.update({"solution": False, "task": False}, **nbgrader)
    cell = {"cell_type": kind, "metadata": {"nbgrader": meta}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def build_notebook(stem: str, lang: str) -> dict:
    """The nbgrader source notebook of one lesson in one language."""
    text = TEXT[lang]
    notebook, solution = lesson_file(lang, stem), lesson_file("solutions", stem)
    if notebook is None or solution is None:
        raise SystemExit(f"lesson {stem!r}: no notebooks/{lang} notebook or solution script")
    title, wording, intro = exercise_texts(notebook)
    prelude, exercises = parse_solution(solution.read_text("utf-8"))
    prelude = re.sub(r"^tf\.config\.set_language\(.*\)$", "", prelude, flags=re.M).strip("\n")
    setup = f'%load_ext tapekit\n{prelude}\ntf.config.set_language("{lang}")\n{SETUP_HELPERS}'
    head = text["title"].format(title=title) + "\n\n" + text["intro"]
    if intro:
        head += "\n\n" + intro
    cells = [
        _cell("markdown", head, "intro", locked=True),
        _cell("code", setup, "setup", locked=True),
    ]
    install = install_cell(notebook)
    if install:  # first, so that the assignment runs on Colab too (a no-op where tapekit is)
        cells.insert(1, _cell("code", install, "install", locked=True))
    for ex in exercises:
        n, auto = ex.number, ex.points > 0
        one, many = text["points"].split("|")
        pts = (one if ex.points == 1 else many).format(p=ex.points) if auto else text["manual"]
        words = wording.get(n, "")
        cells.append(
            _cell(
                "markdown",
                text["exercise"].format(n=n, points=pts) + "\n\n" + words,
                f"ex{n}_text",
                locked=True,
            )
        )
        if auto:
            cells.append(_cell("code", ex.answer, f"ex{n}_answer", solution=True))
            visible = [f"_defined({', '.join(map(repr, ex.names))})"] if ex.names else []
            visible += [f"{t}" for t in ex.tests]
            source = "\n".join(visible)
            if ex.hidden:
                source += "\n### BEGIN HIDDEN TESTS\n" + "\n".join(ex.hidden)
                source += "\n### END HIDDEN TESTS"
            cells.append(
                _cell(
                    "code",
                    source.strip("\n"),
                    f"ex{n}_tests",
                    grade=True,
                    locked=True,
                    points=ex.points,
                )
            )
        else:
            cells.append(
                _cell("code", ex.answer, f"ex{n}_answer", solution=True, grade=True, points=1)
            )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def assignment_name(stem: str, lang: str) -> str:
    return f"{stem}_{lang}"


def write_course(course: Path, stems: list[str] | None = None, langs=LANGS) -> list[str]:
    """Write ``course/source/<lesson>_<lang>/<lesson>.ipynb``; return the assignment names."""
    names = []
    for stem in stems or lessons():
        for lang in langs:
            name = assignment_name(stem, lang)
            folder = course / "source" / name
            folder.mkdir(parents=True, exist_ok=True)
            nb = build_notebook(stem, lang)
            for cell in nb["cells"]:
                cell["source"] = cell["source"].splitlines(keepends=True)
            (folder / f"{stem}.ipynb").write_text(
                json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=ROOT / "course", help="course directory")
    parser.add_argument("lessons", nargs="*", help="lesson stems (default: every lesson)")
    args = parser.parse_args(argv)
    for name in write_course(args.course, args.lessons or None):
        print(f"{args.course / 'source' / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
