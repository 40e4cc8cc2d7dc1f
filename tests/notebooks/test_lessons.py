"""The one list of lessons (``notebooks/lessons.json``) against the files, the README and
the renumbering that ``tools/lessons.py`` performs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from lesson_list import LESSONS, NOTEBOOKS, ROOT, lesson_file, tool

pytestmark = pytest.mark.numpy_only

KINDS = ("en", "zh", "solutions")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_lessons_list_is_well_formed():
    stems = [x.stem for x in LESSONS]
    assert len(stems) >= 8 and len(set(stems)) == len(stems), stems
    for i, lesson in enumerate(LESSONS):
        assert re.fullmatch(r"[a-z][a-z0-9_]*", lesson.stem), lesson.stem
        assert lesson.en.strip() and CJK.search(lesson.zh), lesson
        assert isinstance(lesson.minutes, int) and 10 <= lesson.minutes <= 180, lesson
        earlier = stems[:i]
        assert all(p in earlier for p in lesson.prerequisites), (
            f"{lesson.stem}: prerequisites must be earlier lessons: {lesson.prerequisites}"
        )


@pytest.mark.parametrize("kind", KINDS)
def test_every_lesson_has_its_file_and_every_file_is_a_lesson(kind):
    missing = [x.stem for x in LESSONS if lesson_file(kind, x.stem) is None]
    assert not missing, f"notebooks/{kind}: no file for {missing}"
    stems = {x.stem for x in LESSONS}
    suffix = tool.suffix(kind)
    extra = [
        p.name for p in (NOTEBOOKS / kind).glob(f"*{suffix}") if tool.bare_stem(p.stem) not in stems
    ]
    assert not extra, f"notebooks/{kind}: files not in lessons.json: {extra}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_titles_are_the_notebooks_titles(lang):
    for lesson in LESSONS:
        nb = json.loads(lesson_file(lang, lesson.stem).read_text(encoding="utf-8"))
        first = "".join(nb["cells"][0]["source"]).splitlines()[0]
        assert first == f"# {getattr(lesson, lang)}", f"{lesson.stem} ({lang}): {first!r}"


def test_readme_table_is_generated_from_the_list():
    assert tool.write_readme(ROOT, LESSONS, check=True), (
        "notebooks/README.md's table is out of date: python tools/lessons.py readme"
    )
    text = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    for lesson in LESSONS:
        for lang in ("en", "zh"):
            rel = lesson_file(lang, lesson.stem).relative_to(NOTEBOOKS).as_posix()
            assert f"]({rel})" in text and f"/notebooks/{rel})" in text, rel  # link and badge


def test_references_are_rewritten_all_at_once():
    swap = {1: 2, 2: 1, 3: 4}
    names = {"first_gradients": "01_first_gradients", "derivatives": "04_derivatives"}
    cases = {
        "notebook 01 and lesson 02": "notebook 02 and lesson 01",
        "Notebooks 01 and 03, lessons 02, 03 or 01": "Notebooks 02 and 04, lessons 01, 04 or 02",
        "第 01 课和第 02、03 课": "第 02 课和第 01、04 课",
        "《上手计算梯度》（02）, *Your first gradients* (02)": "《上手计算梯度》（01）, *Your first gradients* (01)",
        "see notebooks/solutions/02_first_gradients.py and zh/03_derivatives.ipynb": (
            "see notebooks/solutions/01_first_gradients.py and zh/04_derivatives.ipynb"
        ),
        "cos(12), x = 02, 2 notebooks, step 01": "cos(12), x = 02, 2 notebooks, step 01",
    }
    for before, after in cases.items():
        assert tool.rewrite_references(before, swap, names) == after, before


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_renumber_applies_the_list_on_a_copy(tmp_path):
    shutil.copytree(NOTEBOOKS, tmp_path / "notebooks")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(
        tmp_path,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "copy",
        "--no-gpg-sign",
    )
    before = tool.current_numbers(tmp_path, LESSONS)
    moves = tool.renumber(tmp_path)
    assert moves, "the copy was already numbered"
    for lesson in LESSONS:
        for kind in KINDS:
            path = tool.find(tmp_path, kind, lesson.stem)
            assert path is not None and path.stem == lesson.name, (kind, lesson.stem, path)
    status = _git(tmp_path, "status", "--porcelain").stdout.splitlines()
    renamed = [line for line in status if line.startswith("R")]
    assert len(renamed) == len(moves), status  # git mv, history kept
    # the references follow the lessons: every "notebook NN" of an old number now carries
    # that lesson's new number, and the README table links files that exist
    new = {lesson.stem: lesson.number for lesson in LESSONS}
    old_stem = {n: x.stem for x in LESSONS for n, m in before.items() if m == x.number}
    toolkit = f"{new['notebook_toolkit']:02d}"
    en = (
        tmp_path / "notebooks/en" / f"{LESSONS[new['how_reverse_mode_works'] - 1].name}.ipynb"
    ).read_text()
    zh = (
        tmp_path / "notebooks/zh" / f"{LESSONS[new['how_reverse_mode_works'] - 1].name}.ipynb"
    ).read_text()
    assert f"lesson {toolkit}" in en and f"第 {toolkit} 课" in zh
    assert f"solutions/{LESSONS[new['how_reverse_mode_works'] - 1].name}.py" in en
    assert old_stem  # the existing lessons had numbers to map
    assert tool.write_readme(tmp_path, LESSONS, check=True)
    readme = (tmp_path / "notebooks/README.md").read_text(encoding="utf-8")
    for rel in re.findall(r"\]\(((?:en|zh)/[\w.]+\.ipynb)\)", readme):
        assert (tmp_path / "notebooks" / rel).is_file(), rel
    # applying it again changes nothing
    snapshot = {p: p.read_bytes() for p in (tmp_path / "notebooks").rglob("*") if p.is_file()}
    assert tool.renumber(tmp_path) == []
    assert snapshot == {
        p: p.read_bytes() for p in (tmp_path / "notebooks").rglob("*") if p.is_file()
    }


def test_grading_sheet_lists_every_exercise_and_who_grades_it():
    rows = tool.grading_rows(ROOT)
    assert [r["stem"] for r in rows[:1]] == [LESSONS[0].stem]
    for lesson in LESSONS:
        mine = [r for r in rows if r["stem"] == lesson.stem]
        assert [r["exercise"] for r in mine] == [str(i) for i in range(1, len(mine) + 1)]
        assert len(mine) >= 6 and all(r["lesson"] == f"{lesson.number:02d}" for r in mine)
        solution = lesson_file("solutions", lesson.stem).relative_to(ROOT).as_posix()
        assert {r["solution"] for r in mine} == {solution}, lesson.stem
    for r in rows:
        assert r["level"] in ("easy", "medium", "hard") and r["kind"], r
        assert r["graded_by"] == ("hand" if r["kind"] in ("paper", "quiz") else "solution script")
    reverse = [r for r in rows if r["stem"] == "how_reverse_mode_works"]
    assert [(r["kind"], r["graded_by"]) for r in reverse[:3]] == [
        ("paper", "hand"),
        ("quiz", "hand"),
        ("code", "solution script"),
    ]
