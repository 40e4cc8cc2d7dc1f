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
        "Prerequisites: lessons 01 to 03.": "Prerequisites: lessons 02 to 04.",
        "预备知识：第 01 课到第 03 课；第 02 到 03 课": "预备知识：第 02 课到第 04 课；第 01 到 04 课",
        "《上手计算梯度》（02）, *Your first gradients* (02)": "《上手计算梯度》（01）, *Your first gradients* (01)",
        "see notebooks/solutions/02_first_gradients.py and zh/03_derivatives.ipynb": (
            "see notebooks/solutions/01_first_gradients.py and zh/04_derivatives.ipynb"
        ),
        "cos(12), x = 02, 2 notebooks, step 01": "cos(12), x = 02, 2 notebooks, step 01",
        "open en/derivatives.ipynb": "open en/04_derivatives.ipynb",
        # an nbgrader assignment's notebook keeps its bare stem (tools/make_assignments.py)
        "nbgrader validate derivatives_en/derivatives.ipynb, derivatives_zh/derivatives.ipynb": (
            "nbgrader validate derivatives_en/derivatives.ipynb, derivatives_zh/derivatives.ipynb"
        ),
    }
    for before, after in cases.items():
        assert tool.rewrite_references(before, swap, names) == after, before


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.mark.parametrize("kind", KINDS)
def test_files_are_numbered_as_the_list_says(kind):
    names = [lesson_file(kind, x.stem).stem for x in LESSONS]
    assert names == [x.name for x in LESSONS], "python tools/lessons.py renumber"


def _snapshot(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_renumber_applies_a_new_order_on_a_copy(tmp_path):
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
    # the course as it is: numbered already, so renumbering changes nothing
    snapshot = _snapshot(tmp_path / "notebooks")
    assert tool.renumber(tmp_path) == []
    assert _snapshot(tmp_path / "notebooks") == snapshot
    # move "how reverse mode works" after "derivatives": one edit of the list
    listing = tmp_path / "notebooks" / "lessons.json"
    data = json.loads(listing.read_text(encoding="utf-8"))
    stems = [d["stem"] for d in data["lessons"]]
    i, j = stems.index("how_reverse_mode_works"), stems.index("derivatives")
    assert j == i + 1, stems
    data["lessons"][i], data["lessons"][j] = data["lessons"][j], data["lessons"][i]
    listing.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    lessons = tool.load(tmp_path)
    moves = tool.renumber(tmp_path)
    assert len(moves) == 6, moves  # two lessons, three files each
    for lesson in lessons:
        for kind in KINDS:
            path = tool.find(tmp_path, kind, lesson.stem)
            assert path is not None and path.stem == lesson.name, (kind, lesson.stem, path)
    status = _git(tmp_path, "status", "--porcelain").stdout.splitlines()
    renamed = [line for line in status if line.startswith("R")]
    assert len(renamed) == len(moves), status  # git mv, history kept
    # the references follow the lessons: the two swapped numbers are exchanged everywhere
    # (file names included), the others stay
    reverse, derivatives = f"{i + 1:02d}", f"{j + 1:02d}"
    toolkit = f"{stems.index('notebook_toolkit') + 1:02d}"
    en = (tmp_path / f"notebooks/en/{derivatives}_how_reverse_mode_works.ipynb").read_text("utf-8")
    zh = (tmp_path / f"notebooks/zh/{derivatives}_how_reverse_mode_works.ipynb").read_text("utf-8")
    assert f"*Derivatives with gradient tapes* ({reverse})" in en
    assert f"《用梯度带求导数》（{reverse}）" in zh
    assert f"lesson {toolkit}" in en and f"第 {toolkit} 课" in zh
    assert f"solutions/{derivatives}_how_reverse_mode_works.py" in en
    assert f"solutions/{reverse}_how_reverse_mode_works.py" not in en
    assert tool.write_readme(tmp_path, lessons, check=True)
    readme = (tmp_path / "notebooks/README.md").read_text(encoding="utf-8")
    for rel in re.findall(r"\]\(((?:en|zh)/[\w.]+\.ipynb)\)", readme):
        assert (tmp_path / "notebooks" / rel).is_file(), rel
    # applying it again changes nothing
    snapshot = _snapshot(tmp_path / "notebooks")
    assert tool.renumber(tmp_path) == []
    assert _snapshot(tmp_path / "notebooks") == snapshot


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_renumber_numbers_a_new_lesson_git_does_not_track_yet(tmp_path):
    shutil.copytree(NOTEBOOKS, tmp_path / "notebooks")
    first = LESSONS[0]
    for kind in KINDS:  # the first lesson, as a new file without its number
        path = tool.find(tmp_path, kind, first.stem)
        path.rename(path.with_name(first.stem + tool.suffix(kind)))
    _git(tmp_path, "init", "-q")
    for kind in KINDS:
        _git(tmp_path, "add", f"notebooks/{kind}/0*")
    _git(
        tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "c", "--no-gpg-sign"
    )
    moves = tool.renumber(tmp_path)
    assert [new.name for _, new in moves] == [first.name + tool.suffix(k) for k in KINDS]
    for kind in KINDS:
        assert tool.find(tmp_path, kind, first.stem).stem == first.name


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
