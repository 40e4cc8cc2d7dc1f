"""Graded assignments with real nbgrader: generate, autograde, feedback, in both languages.

``tools/make_assignments.py`` writes the nbgrader source from the lessons and their solutions;
every lesson is generated and checked here (cheap), and one representative lesson
(``GRADED``: answers with function signatures, visible and hidden tests, a manually graded
exercise) goes through nbgrader itself in a temporary course directory whose gradebook lives
in a temporary directory: the reference answers score the full autograded total, the untouched
student version scores zero, a planted mistake loses exactly its exercise's points, and
feedback is generated.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

pytestmark = [pytest.mark.numpy_only, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_assignments as ma  # noqa: E402

GRADED = "derivatives"  # a stem of notebooks/lessons.json (renumbering-proof)
LANGS = ("en", "zh")


def _meta(cell: dict) -> dict:
    return cell["metadata"].get("nbgrader", {})


@pytest.mark.parametrize("stem", ma.lessons())
def test_every_lesson_becomes_an_assignment(stem):
    for lang in LANGS:
        nb = ma.build_notebook(stem, lang)
        metas = [_meta(c) for c in nb["cells"]]
        ids = [m["grade_id"] for m in metas]
        assert len(ids) == len(set(ids)), "grade ids are unique"
        tests = [m for m in metas if m.get("grade") and not m.get("solution")]
        assert tests, f"{stem}: at least one autograded exercise"
        assert all(m["points"] > 0 for m in tests)
        for cell in nb["cells"]:
            src = cell["source"]
            if cell["cell_type"] == "code":  # IPython's magics (%load_ext, %pip) as Python
                compile(TransformerManager().transform_cell(src), stem, "exec")
            if _meta(cell).get("solution"):
                assert src.count(ma.BEGIN) == src.count(ma.END) >= 1
        setup = next(c for c in nb["cells"] if _meta(c)["grade_id"] == "setup")
        assert f'set_language("{lang}")' in setup["source"]
        install = [c for c in nb["cells"] if _meta(c)["grade_id"] == "install"]
        if ma.lesson_file(lang, stem) and ma.install_cell(ma.lesson_file(lang, stem)):
            # the lesson's install cell comes first and is locked, never graded
            assert nb["cells"].index(install[0]) == 1 and _meta(install[0])["locked"]
            assert not _meta(install[0])["grade"]


def test_a_numbered_list_in_an_answer_is_not_an_exercise():
    source = (
        "import tapekit as tf\n\n"
        "# %% Exercise 1 (easy, quiz)\n# 1. int32\n# 2. float32\n# 3. eager\n"
        "assert tf.constant(1).dtype == tf.int32\n\n"
        "# %% Exercise 2 (easy, code)\nx = 2\nassert x == 2\n"
    )
    _, exercises = ma.parse_solution(source)
    assert [ex.number for ex in exercises] == [1, 2]
    assert exercises[1].names == ["x"] and exercises[1].points == 1


def test_exercise_wording_comes_from_the_lesson_in_its_language():
    en = ma.build_notebook(GRADED, "en")["cells"]
    zh = ma.build_notebook(GRADED, "zh")["cells"]
    texts = [c["source"] for c in en if _meta(c)["grade_id"].endswith("_text")]
    assert texts[0].startswith("## Exercise 1") and len(texts[0].split("\n\n", 1)[1]) > 20
    assert any("练习 1" in c["source"] for c in zh)
    assert not any("solutions/" in c["source"] for c in en if c["cell_type"] == "markdown")


def _nbgrader(course: Path, env: dict, *args: str) -> str:
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("nbgrader")), *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[ERROR]" not in proc.stderr and "| ERROR]" not in proc.stderr, proc.stderr
    return proc.stderr


def _submit(course: Path, student: str, name: str, nb: dict) -> None:
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True)
    (folder / f"{GRADED}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def _with_answers(release: dict, source: dict, edit=None) -> dict:
    """The student version with every answer cell filled in from the reference solution."""
    answers = {
        _meta(c)["grade_id"]: c["source"] for c in source["cells"] if _meta(c).get("solution")
    }
    nb = json.loads(json.dumps(release))
    for cell in nb["cells"]:
        gid = _meta(cell).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid] if edit is None else edit(gid, answers[gid])
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Generate, release, submit three students per language, autograde, feedback."""
    tmp = tmp_path_factory.mktemp("nbgrader")
    course = tmp / "course"
    course.mkdir()
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course)
    names = ma.write_course(course, [GRADED])
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}"
    env["TAPEKIT_GRADEBOOK"] = f"sqlite:///{tmp / 'db' / 'gradebook.db'}"
    env["TAPEKIT_EXCHANGE"] = str(tmp / "exchange")
    env["MPLBACKEND"] = "Agg"
    (tmp / "db").mkdir()
    _nbgrader(course, env, "generate_assignment", "*", "--force")
    planted = {}
    for name in names:
        source = json.loads((course / "source" / name / f"{GRADED}.ipynb").read_text("utf-8"))
        for cell in source["cells"]:
            cell["source"] = "".join(cell["source"])
        release = json.loads((course / "release" / name / f"{GRADED}.ipynb").read_text("utf-8"))
        for cell in release["cells"]:
            cell["source"] = "".join(cell["source"])
        # the planted mistake: gradient ascent (assign_add for assign_sub) in one exercise
        target = next(
            _meta(c)["grade_id"]
            for c in source["cells"]
            if _meta(c).get("solution")
            and not _meta(c).get("grade")
            and "assign_sub(" in c["source"]
        )
        planted[name] = target.replace("_answer", "_tests")

        def ascent(gid, src, target=target):
            return src.replace("assign_sub(", "assign_add(") if gid == target else src

        _submit(course, "reference", name, _with_answers(release, source))
        _submit(course, "untouched", name, release)
        _submit(course, "mistake", name, _with_answers(release, source, ascent))
    _nbgrader(course, env, "autograde", "*", "--create", "--force")
    _nbgrader(course, env, "generate_feedback", "*", "--force")
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(env["TAPEKIT_GRADEBOOK"]) as gb:
        for name in names:
            for student in ("reference", "untouched", "mistake"):
                sub = gb.find_submission_notebook(GRADED, name, student)
                scores[name, student] = {g.name: (g.auto_score, g.max_score) for g in sub.grades}
    return course, names, scores, planted


def _autograded(scores: dict) -> dict:
    """Test cells only: answers graded by hand are outside the autograded total."""
    return {k: v for k, v in scores.items() if k.endswith("_tests")}


@pytest.mark.parametrize("lang", LANGS)
def test_reference_answers_score_full_marks(graded, lang):
    _, _, scores, _ = graded
    auto = _autograded(scores[f"{GRADED}_{lang}", "reference"])
    assert auto and all(score == top for score, top in auto.values()), auto
    assert sum(top for _, top in auto.values()) >= 5


@pytest.mark.parametrize("lang", LANGS)
def test_untouched_student_version_scores_zero(graded, lang):
    _, _, scores, _ = graded
    grades = scores[f"{GRADED}_{lang}", "untouched"]
    assert all(score == 0 for score, _ in _autograded(grades).values()), grades
    assert len(grades) == len(scores[f"{GRADED}_{lang}", "reference"]), "every cell was graded"


@pytest.mark.parametrize("lang", LANGS)
def test_planted_mistake_loses_exactly_its_points(graded, lang):
    _, _, scores, planted = graded
    name = f"{GRADED}_{lang}"
    auto = _autograded(scores[name, "mistake"])
    lost = planted[name]
    expected = sum(top for _, top in auto.values()) - auto[lost][1]
    assert auto[lost][0] == 0 and auto[lost][1] > 0
    assert sum(score for score, _ in auto.values()) == expected


def test_feedback_is_generated(graded):
    course, names, _, _ = graded
    for name in names:
        for student in ("reference", "untouched", "mistake"):
            html = (course / "feedback" / student / name / f"{GRADED}.html").read_text("utf-8")
            assert "ex2_tests" in html or "Exercise 2" in html or "练习 2" in html
    text = (course / "feedback" / "untouched" / names[0] / f"{GRADED}.html").read_text("utf-8")
    assert "NotImplementedError" in text or "NameError" in text
