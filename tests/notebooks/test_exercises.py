"""The practice part of every lesson, in a form people and tools can read.

Each lesson opens with its learning objectives and closes with a bullet list of what was
learned, then its exercises.  An exercise is a markdown cell that starts with
``**Exercise N** (level: L; kind: K)`` (zh: ``**练习 N**（难度：…；类型：…）``) and carries
the tags ``exercise``, ``level-L``, ``kind-K``; the next cell is its answer cell: a code cell
tagged ``answer`` that holds one comment line and nothing else.  The solution script has a
``# %% Exercise N`` cell for every exercise.  The nbgrader set-up reads exactly this.
"""

from __future__ import annotations

import re

import pytest
from lesson_list import STEMS
from test_structure import LANGS, NOTEBOOKS, load, source, tags

pytestmark = pytest.mark.numpy_only

LEVELS = {"easy": "简单", "medium": "中等", "hard": "较难"}
KINDS = {"code": "编程", "paper": "纸笔推导", "bug": "找错", "quiz": "小测验"}
HEADS = {
    "en": re.compile(r"\*\*Exercise (\d+)\*\* \(level: (\w+); kind: (\w+)\)\n"),
    "zh": re.compile(r"\*\*练习 (\d+)\*\*（难度：(\w+)；类型：(\w+)）\n"),
}
OBJECTIVES = {"en": "## What you will learn", "zh": "## 本课目标"}
LEARNED = {"en": "## What you learned", "zh": "## 本课要点"}
# every lesson of notebooks/lessons.json (lesson_list.py), by its file stem today
REVISED = STEMS


def exercises(path) -> list[tuple[int, str, str]]:
    """(number, level, kind) of each exercise, checking the cell format on the way."""
    lang = path.parent.name
    cells = load(path)["cells"]
    found = []
    for i, cell in enumerate(cells):
        if "exercise" not in tags(cell):
            continue
        m = HEADS[lang].match(source(cell))
        assert cell["cell_type"] == "markdown" and m, f"{path.name} cell {i}: {source(cell)[:60]!r}"
        n, level, kind = int(m[1]), m[2], m[3]
        if lang == "zh":
            level = {v: k for k, v in LEVELS.items()}.get(level, level)
            kind = {v: k for k, v in KINDS.items()}.get(kind, kind)
        assert level in LEVELS and kind in KINDS, f"{path.name} exercise {n}: {level}, {kind}"
        assert {f"level-{level}", f"kind-{kind}"} <= tags(cell), f"{path.name} exercise {n}"
        answer = cells[i + 1]
        assert answer["cell_type"] == "code" and "answer" in tags(answer), f"exercise {n}"
        body = source(answer).strip().splitlines()
        assert len(body) == 1 and body[0].startswith("#"), f"{path.name} exercise {n}: {body}"
        assert not answer["outputs"], f"{path.name} exercise {n}: the answer cell printed"
        found.append((n, level, kind))
    return found


@pytest.mark.parametrize("stem", REVISED)
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_has_objectives_summary_and_varied_exercises(lang, stem):
    path = NOTEBOOKS / lang / f"{stem}.ipynb"
    markdown = "\n".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    assert OBJECTIVES[lang] in markdown and LEARNED[lang] in markdown
    learned = markdown.split(LEARNED[lang])[1].split("\n## ")[0]
    assert len(re.findall(r"^- ", learned, re.M)) >= 3, "what you learned, as bullets"
    found = exercises(path)
    assert [n for n, _, _ in found] == list(range(1, len(found) + 1)) and len(found) >= 6
    assert {"bug", "paper", "quiz"} <= {k for _, _, k in found}, found
    assert len({lvl for _, lvl, _ in found}) >= 2, "mixed levels"


@pytest.mark.parametrize("stem", REVISED)
def test_twins_have_the_same_exercises_and_solutions_for_each(stem):
    en = exercises(NOTEBOOKS / "en" / f"{stem}.ipynb")
    assert en == exercises(NOTEBOOKS / "zh" / f"{stem}.ipynb")
    script = (NOTEBOOKS / "solutions" / f"{stem}.py").read_text(encoding="utf-8")
    cells = [int(n) for n in re.findall(r"^# %% Exercise (\d+)\b", script, re.M)]
    assert cells == [n for n, _, _ in en], f"solutions/{stem}.py: exercise cells {cells}"


@pytest.mark.parametrize("stem", REVISED)
def test_twins_have_the_same_heading_structure(stem):
    def levels(lang):
        cells = load(NOTEBOOKS / lang / f"{stem}.ipynb")["cells"]
        text = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        return [len(m) for m in re.findall(r"^(#+) ", text, re.M)]

    assert levels("en") == levels("zh")


# --------------------------------------------------------------------------------------
# Chinese that reads as written in Chinese: comments and printed text of the zh notebooks

WORDY = re.compile(r"[A-Za-z]{4,}|[\u4e00-\u9fff]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _comments_and_printed_strings(src: str) -> tuple[list[str], list[str]]:
    """Comment texts, and the string literals passed straight to ``print`` (f-string fields
    removed: they are code, not text)."""
    import io
    import tokenize

    toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    comments = [t.string for t in toks if t.type == tokenize.COMMENT]
    printed, depth, inside = [], 0, False
    for prev, tok in zip([None, *toks], toks):
        if tok.type == tokenize.NAME and tok.string == "print" and depth == 0:
            inside = True
        elif inside and tok.string == "(":
            depth += 1
        elif inside and tok.string == ")":
            depth -= 1
            inside = depth > 0
        elif inside and depth == 1 and tok.type == tokenize.STRING:
            if prev is not None and prev.string in ("(", ","):
                printed.append(re.sub(r"\{[^{}]*\}", "", tok.string))
    return comments, printed


def test_zh_comments_and_printed_text_are_chinese():
    comments, printed = [], []
    for stem in REVISED:
        for cell in load(NOTEBOOKS / "zh" / f"{stem}.ipynb")["cells"]:
            if cell["cell_type"] == "code":
                c, p = _comments_and_printed_strings(source(cell))
                comments += [t for t in c if WORDY.search(t)]
                printed += [t for t in p if WORDY.search(t)]
    for what, texts in (("comment lines", comments), ("printed strings", printed)):
        chinese = [t for t in texts if CJK.search(t)]
        assert texts and len(chinese) >= 0.9 * len(texts), (
            f"{len(chinese)} of {len(texts)} {what} contain Chinese: "
            f"{[t for t in texts if not CJK.search(t)]}"
        )
