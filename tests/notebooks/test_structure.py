"""The course notebooks as files: twins in sync, executed, clean, consistent, faithful to the seeds.

nbval (``test_nbval.py``) re-runs the notebooks and compares every output with what is
stored; this module checks what nbval cannot see: that the English and Chinese twins run the
same code, that every notebook loads tapekit's magics itself, that the stored outputs were
produced top to bottom and contain no error a lesson did not mean to show, that plots are
stored the way nbval can check them, that the glossary is followed, and that the numbers the
seed tutorials print are the numbers the notebooks print (asserted against the seeds' own
values, so a notebook re-executed with a wrong engine cannot bless its own outputs).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.numpy_only

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LANGS = ("en", "zh")
SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")

COURSE = [
    "01_autodiff_and_gradient_tapes",
    "02_first_gradients",
    "03_derivatives",
    "04_gradient_tape_api",
    "05_gradient_descent_algorithms",
    "06_notebook_toolkit",
    "07_small_neural_network",
]
STEMS = sorted(p.stem for p in (NOTEBOOKS / "en").glob("*.ipynb"))
PATHS = [NOTEBOOKS / lang / f"{stem}.ipynb" for lang in LANGS for stem in STEMS]

LANGUAGE_CALL = re.compile(r"""\btf\.config\.set_language\(\s*["'](\w+)["']\s*\)""")
ERROR_TAGS = {"raises-exception"}
ERROR_MARKER = "NBVAL_RAISES_EXCEPTION"
# nbval markers (comments or tags) that would leave a cell unrun or its output unchecked
UNCHECKED_MARKERS = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "NBVAL_CHECK_OUTPUT")
UNCHECKED_TAGS = {"nbval-ignore-output", "nbval-skip", "skip-execution", "raises-exception-lax"}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def output_text(output: dict) -> str:
    """The text of one output as nbval compares it (streams, text/plain, error value)."""
    if output["output_type"] == "stream":
        text = output["text"]
    elif output["output_type"] == "error":
        return f"{output['ename']}: {output['evalue']}"
    else:
        text = output.get("data", {}).get("text/plain", "")
    return "".join(text) if isinstance(text, list) else text


def all_output_text(nb: dict) -> str:
    return "".join(output_text(o) for c in code_cells(nb) for o in c["outputs"])


def prose(nb: dict) -> str:
    """Markdown text without inline code, code blocks and link targets (identical in both),
    whitespace collapsed (so that a term wrapped over two lines is still one term)."""
    text = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"\s+", " ", text)


def tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


# --------------------------------------------------------------------------------------
# the course: both languages, same code


def test_every_course_notebook_exists_in_both_languages():
    en = {p.stem for p in (NOTEBOOKS / "en").glob("*.ipynb")}
    zh = {p.stem for p in (NOTEBOOKS / "zh").glob("*.ipynb")}
    assert en == zh, f"only in en: {sorted(en - zh)}; only in zh: {sorted(zh - en)}"
    assert set(COURSE) <= en, f"missing tutorials: {sorted(set(COURSE) - en)}"


def program_tokens(src: str) -> list[str]:
    """The tokens of a code cell with comments set aside and every string literal (f-strings
    included, with their fields) replaced by one placeholder: what must be equal in the twins,
    whose comments and printed text are in their own language.  Magic lines tokenize like any
    other line."""
    import io
    import tokenize

    layout = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    f_start, f_end = (
        getattr(tokenize, "FSTRING_START", None),
        getattr(tokenize, "FSTRING_END", None),
    )
    out: list[str] = []
    depth = 0  # inside an f-string (Python 3.12+ tokenizes its fields)
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if f_start is not None and tok.type == f_start:
            depth += 1
            if depth == 1:
                out.append("<str>")
        elif f_end is not None and tok.type == f_end:
            depth -= 1
        elif depth or tok.type in layout or tok.type == tokenize.ENDMARKER:
            continue
        else:
            out.append("<str>" if tok.type == tokenize.STRING else tok.string)
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_twins_share_code_except_the_language_cell(stem):
    en = [source(c) for c in code_cells(load(NOTEBOOKS / "en" / f"{stem}.ipynb"))]
    zh = [source(c) for c in code_cells(load(NOTEBOOKS / "zh" / f"{stem}.ipynb"))]
    assert len(en) == len(zh), f"{stem}: {len(en)} code cells in en, {len(zh)} in zh"
    # the same program: comments and string literals aside, which each twin writes in its
    # own language
    differing = [
        i for i, (a, b) in enumerate(zip(en, zh)) if program_tokens(a) != program_tokens(b)
    ]
    lang_cells = [i for i, src in enumerate(en) if LANGUAGE_CALL.search(src)]
    assert len(lang_cells) == 1, f"{stem}: one cell must call tf.config.set_language"
    assert differing == [], f"{stem}: code cells {differing} run different code in en and zh"
    (i,) = lang_cells
    assert LANGUAGE_CALL.findall(en[i]) == ["en"] and LANGUAGE_CALL.findall(zh[i]) == ["zh"]
    # the language is set before anything can print a message
    assert i <= 2 and all("print(" not in src for src in en[:i]), f"{stem}: set the language first"


def test_program_tokens_ignore_comments_and_strings_only():
    assert program_tokens('print(f"Epoch {e}")  # en') == program_tokens('print(f"轮次 {e}")  # 中')
    assert program_tokens("x = 1  # a") != program_tokens("x = 2  # a")
    assert program_tokens("%grad y x --order 2") != program_tokens("%grad y x --order 3")


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_notebook_fixes_its_random_seeds(path):
    code = "\n".join(source(c) for c in code_cells(load(path))[:3])
    assert "np.random.seed(" in code and "tf.random.set_seed(" in code


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_notebook_loads_the_magics_itself(path):
    # explicit, first thing: the notebook runs in any Jupyter, on Colab and under nbval,
    # whether or not the kernel ("Python 3 (tapekit)") already loaded the extension
    assert importlib.util.find_spec("tapekit.magics") is not None
    # (after the cell tagged install-tapekit, which installs tapekit where it is missing)
    cells = [c for c in code_cells(load(path)) if "install-tapekit" not in tags(c)]
    first = source(cells[0]).splitlines()
    assert first and first[0].strip() == "%load_ext tapekit", (
        f"{_id(path)}: the first code cell must start with %load_ext tapekit"
    )


# --------------------------------------------------------------------------------------
# executed, checked, clean


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_every_cell_was_executed_top_to_bottom(path):
    cells = code_cells(load(path))
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{_id(path)}: execution counts {counts}; re-run it with "
        "tests/notebooks/execute_notebooks.py"
    )
    assert not any("execution" in c.get("metadata", {}) for c in cells), "timing metadata stored"


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_no_cell_is_skipped_or_left_unchecked(path):
    for i, cell in enumerate(code_cells(load(path))):
        src = source(cell)
        assert not any(m in src for m in UNCHECKED_MARKERS), f"{_id(path)} cell {i}: {src[:60]}"
        assert not tags(cell) & UNCHECKED_TAGS, f"{_id(path)} cell {i}: tags {tags(cell)}"


def _catalog_patterns(lang: str) -> list[re.Pattern]:
    from tapekit._messages import CATALOG

    pats = []
    for entry in CATALOG.values():
        text = entry.get(lang) or entry["en"]
        parts = re.split(r"\{[^{}]*\}", text)
        pats.append(re.compile(".+?".join(re.escape(p) for p in parts), re.S))
    return pats


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_errors_only_where_the_lesson_means_them(path):
    lang = path.parent.name
    catalog = _catalog_patterns(lang)
    for i, cell in enumerate(code_cells(load(path))):
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        deliberate = bool(tags(cell) & ERROR_TAGS) or ERROR_MARKER in source(cell)
        where = f"{_id(path)} code cell {i}"
        if not deliberate:
            assert not errors, f"{where}: untagged error {[output_text(o) for o in errors]}"
            continue
        assert len(errors) == 1, f"{where} is tagged raises-exception but stored no error"
        (err,) = errors
        # the message a student reads is tapekit's own, in the notebook's language
        assert any(p.fullmatch(err["evalue"]) for p in catalog), (
            f"{where}: {err['ename']}: {err['evalue']!r} is not a tapekit message in {lang!r}"
        )


def _sanitize_patterns() -> list[tuple[str, str]]:
    from nbval.plugin import get_sanitize_patterns

    pats = get_sanitize_patterns(SANITIZE.read_text(encoding="ascii"))
    assert pats, "the sanitizer file has no regex/replace pairs"
    return pats


def _sanitize(text: str) -> str:
    for regex, replace in _sanitize_patterns():
        text = re.sub(regex, replace, text)
    return text


STRAY = [
    (re.compile(r"0x[0-9a-fA-F]{6,}"), "a memory address"),
    (re.compile(r"ipykernel_\d+|/tmp/|site-packages"), "a file path"),
    (re.compile(r"\b\d+(\.\d+)? ?(ns|µs|us|ms) ?(±|per loop)|Wall time|CPU times"), "a timing"),
    (re.compile(r"\b\w*Warning\b.*\n\s+\S"), "a warning with its source line"),
]


# tf.print writes to stderr, as TensorFlow's does: the only stderr a notebook may store
# (nbval compares it like stdout; test_nbval.py checks that it does).  Warnings, logging and
# tracebacks never belong there.
TF_PRINT = re.compile(r"\btf\.print\((?![^)]*output_stream)")
NOT_TF_PRINT = re.compile(r"Warning|Error|Traceback|findfont|logging|^\s*warn", re.M)
# The drawings of tapekit's magics (%tape show, %grad --plot) are SVG text written by
# tapekit itself: no random ids, no dates, so nbval compares them exactly.  Every other
# picture (matplotlib, widgets) is a PNG, whose bytes nbval skips (see test_nbval.py).
TAPEKIT_SVG_MAGIC = re.compile(r"^%tape show\b|^%grad\b.*--plot", re.M)


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_stored_outputs_are_clean(path):
    for i, cell in enumerate(code_cells(load(path))):
        src = source(cell)
        for out in cell["outputs"]:
            where = f"{_id(path)} code cell {i}"
            if out["output_type"] == "stream" and out["name"] == "stderr":
                assert TF_PRINT.search(src), f"{where} wrote to stderr: {output_text(out)!r}"
                assert not NOT_TF_PRINT.search(output_text(out)), (
                    f"{where}: stderr holds more than tf.print's output: {output_text(out)!r}"
                )
            data = out.get("data", {})
            if "image/svg+xml" in data:
                svg = "".join(data["image/svg+xml"])
                assert TAPEKIT_SVG_MAGIC.search(src) and "matplotlib" not in svg, (
                    f"{where}: store plots as PNG, not SVG"
                )
            if "application/vnd.jupyter.widget-view+json" in data:
                # without saved widget state, GitHub, nbviewer and nbval see these instead
                assert "image/png" in data and "text/plain" in data, (
                    f"{where}: a widget must leave a PNG and a text summary"
                )
            if "image/png" in data:
                plain = output_text(out)
                assert plain and not re.search(r"object at|\b0x[0-9a-f]+", plain), (
                    f"{where}: a picture needs a deterministic text/plain: {plain!r}"
                )
            text = output_text(out)
            for pattern, what in STRAY:
                assert not pattern.search(text), f"{where} shows {what}: {text!r}"
            # nothing for the sanitizer to do: it is a safety net, not part of the result
            assert _sanitize(text) == text, f"{where}: the sanitizer would rewrite {text!r}"


def test_the_sanitizer_never_touches_a_result():
    results = [
        "tk.Tensor(108.0, shape=(), dtype=float32)",
        "tk.Tensor(\n[[8. 8.]\n [8. 8.]], shape=(2, 2), dtype=float32)",
        "y = 0 ; x = 0.999998569",
        "<tk.Tensor: shape=(), dtype=float32, numpy=14.0>",
        "Epoch 10, Loss: 0.5502\nFinal W: 2.4386, Final b: 0.3796",
        "total: 12 ms, user: 3 s, 0x12 0xff 1e-07 -1.5e+10 nan inf",
        "(3, 2, 3, 2)",
    ]
    for text in results:
        assert _sanitize(text) == text
    # and it does mask what it is there for
    assert "0x7f2b5c3d1e40" not in _sanitize("<function f at 0x7f2b5c3d1e40>")
    assert "4711" not in _sanitize("/tmp/ipykernel_4711/123.py:3: UserWarning: x")


# --------------------------------------------------------------------------------------
# glossary


def glossary() -> list[dict]:
    return json.loads((NOTEBOOKS / "glossary.json").read_text(encoding="utf-8"))["terms"]


def _en_pattern(term: dict) -> re.Pattern:
    forms = "|".join(re.escape(f) for f in [term["en"], *term.get("also", [])])
    return re.compile(rf"(?<![\w-])(?:{forms})(?:s|es)?(?![\w-])", re.I)


def test_glossary_is_well_formed():
    terms = glossary()
    ens = [t["en"].lower() for t in terms]
    zhs = [t["zh"] for t in terms]
    assert len(set(ens)) == len(ens), "an English term appears twice"
    assert len(set(zhs)) == len(zhs), "a Chinese term appears twice"
    for t in terms:
        assert set(t) <= {"en", "zh", "also", "rejected"}, t
        assert t["zh"] and all(t["zh"] not in r for r in t.get("rejected", [])), t
    # the seeds' own terms
    assert {"自动微分", "梯度带", "高阶导数", "梯度下降"} <= set(zhs)
    # every term earns its place
    en_prose = " ".join(prose(load(NOTEBOOKS / "en" / f"{s}.ipynb")) for s in STEMS)
    unused = [t["en"] for t in terms if not _en_pattern(t).search(en_prose)]
    assert not unused, f"glossary terms no notebook uses: {unused}"


@pytest.mark.parametrize("stem", STEMS)
def test_glossary_terms_are_translated_consistently(stem):
    en = prose(load(NOTEBOOKS / "en" / f"{stem}.ipynb"))
    zh = prose(load(NOTEBOOKS / "zh" / f"{stem}.ipynb"))
    problems = []
    for t in glossary():
        if _en_pattern(t).search(en) and t["zh"] not in zh:
            problems.append(f"en uses {t['en']!r} but zh never says {t['zh']!r}")
        problems += [
            f"zh uses {r!r}; the glossary says {t['zh']!r} ({t['en']})"
            for r in t.get("rejected", [])
            if r in zh
        ]
    assert not problems, f"{stem}: " + "; ".join(problems)


# --------------------------------------------------------------------------------------
# the seeds' numbers


def tf_to_tk(line: str) -> str:
    """A line the seed printed with TensorFlow, as tapekit prints it (README: repr prefix)."""
    return re.sub(r"id=\d+, ", "", line.replace("tf.Tensor", "tk.Tensor"))


def _scalar(value: str) -> str:
    return f"tk.Tensor({value}, shape=(), dtype=float32)"


# The values below are copied from the seed tutorials (shared/seeds), not from our outputs:
# for seeds 000/001 the values their asserts and comments state, for 002-004 the lines they
# print.  Each list must appear, in this order, in the stored outputs of both twins.
SEED_OUTPUTS = {
    "01_autodiff_and_gradient_tapes": [
        # seeds 000 and 001: dz_dx[i][j] == 8.0, dz_dy == 8.0, "108.0 (4*x^3 at x = 3)",
        # "# 6.0", grad(x, 6) == 12.0, grad(x, 5) == 12.0, grad(x, 4) == 4.0,
        # dy_dx == 3.0 and d2y_dx2 == 6.0
        "tk.Tensor(\n[[8. 8.]\n [8. 8.]], shape=(2, 2), dtype=float32)",
        _scalar("8.0"),
        _scalar("108.0"),
        _scalar("6.0"),
        _scalar("12.0"),
        _scalar("12.0"),
        _scalar("4.0"),
        _scalar("3.0"),
        _scalar("6.0"),
    ],
    "02_first_gradients": [
        # seed 002: "print(dy_dx.numpy()) # 输出: 6.0", "# 输出: 4.0 27.0"
        "6.0\n",
        "4.0 27.0\n",
    ],
    "03_derivatives": [
        # seed 003, the lines it prints
        tf_to_tk("tf.Tensor(-2.0, shape=(), dtype=float32)"),
        tf_to_tk("tf.Tensor(0.0, shape=(), dtype=float32)"),
        tf_to_tk("tf.Tensor(1.0, shape=(), dtype=float32)"),
        tf_to_tk("tf.Tensor(2.0, shape=(), dtype=float32)"),
        # gradient descent by hand, 1000 steps of x -= 0.01 * dy_dx (what SGD does)
        "y = 0 ; x = 0.999998569",
        # @tf.function with a tape inside: tf.print(f(tf.constant(0.0))), then 1.0
        "(-2, 1)\n",
        "(0, 0)\n",
        # tf.print("y =", y, "; x =", x) after 1000 steps of optimizer.apply_gradients
        "y = 0 ; x = 0.999998569\n",
        # tf.print("y =", f(), "; x =", x) after 1000 steps of optimizer.minimize
        "y = 0 ; x = 0.999998569\n",
        # tf.print(minimizef()); tf.print(x): apply_gradients in a tf.function, tf.range(1000)
        "0\n0.999998569\n",
        # tf.print(train(1000)); tf.print(x): minimize in a tf.function
        "0\n0.999998569\n",
    ],
    "04_gradient_tape_api": [
        # seed 004, the lines it prints
        tf_to_tk("dy1_dx: tf.Tensor(2.0, shape=(), dtype=float32)"),
        tf_to_tk("dy2_dx: tf.Tensor(6.0, shape=(), dtype=float32)"),
        tf_to_tk("dy3_dx: tf.Tensor(8.0, shape=(), dtype=float32)"),
        tf_to_tk("dz1_dx: tf.Tensor(14.0, shape=(), dtype=float32)"),
        tf_to_tk("dz1_dy: tf.Tensor(12.0, shape=(), dtype=float32)"),
        tf_to_tk(
            "dz1_d: [<tf.Tensor: id=117, shape=(), dtype=float32, numpy=14.0>, "
            "<tf.Tensor: id=118, shape=(), dtype=float32, numpy=12.0>]"
        ),
        "type of dz1_d: <class 'list'>",
    ],
    "05_gradient_descent_algorithms": [
        # seed 003's SGD(learning_rate=0.01) result, through tk.optimizers.trajectory
        "x after 1000 steps: 0.999998569\n",
    ],
}
# 06 (the notebook toolkit) and 07 (seed 002's exercise "write a simple neural network and
# train it with automatic differentiation") teach tapekit's own tools and print no seed numbers.
SEEDLESS = {"06_notebook_toolkit", "07_small_neural_network"}


def test_every_course_notebook_has_seed_outputs():
    assert set(SEED_OUTPUTS) == set(COURSE) - SEEDLESS


@pytest.mark.parametrize("path", [p for p in PATHS if p.stem in SEED_OUTPUTS], ids=_id)
def test_seed_numbers_are_reproduced(path):
    text = all_output_text(load(path))
    pos = 0
    for expected in SEED_OUTPUTS[path.stem]:
        found = text.find(expected, pos)
        assert found >= 0, (
            f"{_id(path)}: the seed prints {expected!r}; not found (in order) in the outputs"
        )
        pos = found + len(expected)


# --------------------------------------------------------------------------------------
# exercises


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_notebook_ends_with_exercises_and_their_solutions_exist(path):
    markdown = [source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown"]
    heading = {"en": "## Exercises", "zh": "## 练习"}[path.parent.name]
    starts = [i for i, text in enumerate(markdown) if text.startswith(heading)]
    assert starts, f"{_id(path)} must end with {heading!r}"
    # the exercises close the lesson: after the heading come only the exercises themselves
    after = markdown[starts[-1] + 1 :]
    assert all(EXERCISE.match(text) for text in after), f"{_id(path)}: prose after the exercises"
    text = markdown[starts[-1]]
    # a path valid in a JupyterLab rooted at notebooks/ (the README's `jupyter lab notebooks/`)
    assert "notebooks/solutions/" not in text, f"{_id(path)}: say solutions/..., not notebooks/..."
    solutions = re.findall(r"(?<![\w/])solutions/[\w.]+", text)
    assert solutions, f"{_id(path)}: the exercises must point to their solutions"
    for rel in solutions:
        assert (NOTEBOOKS / rel).is_file(), f"{_id(path)} points to {rel}, which does not exist"


EXERCISE = re.compile(r"\*\*(Exercise|练习) \d+\*\*")
