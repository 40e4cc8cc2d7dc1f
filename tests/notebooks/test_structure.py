"""The course notebooks as files: twins in sync, executed, clean, consistent, faithful to the seeds.

nbval (``test_nbval.py``) re-runs the notebooks and compares every output with what is
stored; this module checks what nbval cannot see: that the English and Chinese twins are the
same program (token by token, comments and string literals set aside) with the same headings,
that the Chinese twin's comments and printed strings are in Chinese, that every lesson has
learning objectives, a summary and at least six exercises with answer cells, that every
notebook loads tapekit's magics itself, that the stored outputs were
produced top to bottom and contain no error a lesson did not mean to show, that plots are
stored the way nbval can check them, that the glossary is followed, and that the numbers the
seed tutorials print are the numbers the notebooks print (asserted against the seeds' own
values, so a notebook re-executed with a wrong engine cannot bless its own outputs).
"""

from __future__ import annotations

import ast
import importlib.util
import io
import json
import re
import tokenize
from pathlib import Path

import pytest
from lesson_list import LESSONS, STEMS, lesson_file, tool

pytestmark = pytest.mark.numpy_only

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LANGS = ("en", "zh")
SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")

# the lessons of notebooks/lessons.json (see lesson_list.py), by their bare stems
COURSE = [lesson.stem for lesson in LESSONS]
PATHS = [NOTEBOOKS / lang / f"{stem}.ipynb" for lang in LANGS for stem in STEMS]
bare_stem = tool.bare_stem

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
    missing = [x for x in COURSE if lesson_file("en", x) is None]
    assert not missing, f"lessons.json lists lessons without a notebook: {missing}"
    unlisted = sorted(s for s in en if bare_stem(s) not in COURSE)
    assert not unlisted, f"notebooks not in lessons.json: {unlisted}"


# --- the twins as programs: code token by token, comments and string literals set aside

# a line that IPython runs as a magic (%load_ext, %%tape, g = %grad ...), not as Python
MAGIC_LINE = re.compile(r"^(\s*)(?:[\w.]+\s*=\s*)?%")


def _magics_and_python(src: str) -> tuple[list[str], str]:
    """The magic lines of a cell (verbatim) and the cell as Python (each magic a name)."""
    magics, lines = [], []
    for line in src.splitlines():
        m = MAGIC_LINE.match(line)
        if m:
            magics.append(line.strip())
            lines.append(f"{m.group(1)}__magic__")
        else:
            lines.append(line)
    return magics, "\n".join(lines) + "\n"


def _tokens(python: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(python).readline))


def _string_literals(python: str) -> list[tuple[str, tokenize.TokenInfo]]:
    """(literal source, first token) of every string literal; an f-string is one literal
    (Python 3.12 splits it into FSTRING_START ... FSTRING_END tokens: joined again here)."""
    lines = python.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(pos):
        return offsets[pos[0] - 1] + pos[1]

    out, depth, first = [], 0, None
    fstart = getattr(tokenize, "FSTRING_START", None)
    fend = getattr(tokenize, "FSTRING_END", None)
    for tok in _tokens(python):
        if fstart is not None and tok.type == fstart:
            depth += 1
            first = first or tok
        elif fend is not None and tok.type == fend:
            depth -= 1
            if depth == 0:
                out.append((python[at(first.start) : at(tok.end)], first))
                first = None
        elif tok.type == tokenize.STRING and depth == 0:
            out.append((tok.string, tok))
    return out


def _fstring_code(literal: str) -> tuple[str, ...]:
    """What an f-string computes: its replacement fields (expression, conversion, format)."""
    node = ast.parse(literal.strip(), mode="eval").body
    if not isinstance(node, ast.JoinedStr):
        return ()
    return tuple(ast.dump(v) for v in node.values if isinstance(v, ast.FormattedValue))


def program(src: str) -> list[tuple]:
    """A code cell as a program: its magic lines, then its Python tokens without comments
    and blank lines, each string literal reduced to what it computes (nothing for plain
    text, the replacement fields for an f-string)."""
    magics, python = _magics_and_python(src)
    literals = {lit_tok.start: lit for lit, lit_tok in _string_literals(python)}
    fstart = getattr(tokenize, "FSTRING_START", None)
    fend = getattr(tokenize, "FSTRING_END", None)
    out: list[tuple] = [("MAGIC", m) for m in magics]
    depth = 0
    for tok in _tokens(python):
        if fstart is not None and tok.type == fstart:
            if depth == 0:
                out.append(("STRING", _fstring_code(literals[tok.start])))
            depth += 1
            continue
        if fend is not None and tok.type == fend:
            depth -= 1
            continue
        if depth or tok.type in (tokenize.COMMENT, tokenize.NL):
            continue
        if tok.type == tokenize.STRING:
            out.append(("STRING", _fstring_code(tok.string)))
        elif tok.type in (tokenize.NEWLINE, tokenize.DEDENT, tokenize.ENDMARKER):
            out.append((tok.type, ""))
        else:
            out.append((tok.type, tok.string))
    return out


def test_program_sets_aside_comments_and_strings_but_nothing_else():
    same = [
        ('print("Final W:", w)  # the weight', 'print("最终的 W：", w)  # 权重'),
        ('print(f"Epoch {i}: {loss:.4f}")', 'print(f"第 {i} 轮：{loss:.4f}")'),
        ("%%tape --watch x\ny = x * x  # square", "%%tape --watch x\n# 平方\ny = x * x"),
        ('def f(x):\n    """Why."""\n    return x', 'def f(x):\n    """为什么。"""\n    return x'),
    ]
    for en, zh in same:
        assert program(en) == program(zh), (en, zh)
    different = [
        ('print("W:", w)', 'print("W：", b)'),
        ('print(f"{loss:.4f}")', 'print(f"{loss:.6f}")'),
        ('print(f"{loss}")', 'print(f"{loss!r}")'),
        ("%%tape --watch x\ny = x", "%%tape --watch y\ny = x"),
        ("g = %grad y x", "g = %grad y w"),
        ("if a:\n    b()\nc()", "if a:\n    b()\n    c()"),
    ]
    for en, zh in different:
        assert program(en) != program(zh), (en, zh)


@pytest.mark.parametrize("stem", STEMS)
def test_twins_are_the_same_program(stem):
    en = [source(c) for c in code_cells(load(NOTEBOOKS / "en" / f"{stem}.ipynb"))]
    zh = [source(c) for c in code_cells(load(NOTEBOOKS / "zh" / f"{stem}.ipynb"))]
    assert len(en) == len(zh), f"{stem}: {len(en)} code cells in en, {len(zh)} in zh"
    differing = [i for i, (a, b) in enumerate(zip(en, zh)) if program(a) != program(b)]
    assert not differing, (
        f"{stem}: code cells {differing} are different programs in en and zh (only comments "
        "and string literals may differ)"
    )
    lang_cells = [i for i, src in enumerate(en) if LANGUAGE_CALL.search(src)]
    assert len(lang_cells) == 1, f"{stem}: one cell must call tf.config.set_language"
    assert [i for i, src in enumerate(zh) if LANGUAGE_CALL.search(src)] == lang_cells
    (i,) = lang_cells
    assert LANGUAGE_CALL.findall(en[i]) == ["en"] and LANGUAGE_CALL.findall(zh[i]) == ["zh"]
    # the language is set before anything can print a message
    assert i <= 2 and all("print(" not in src for src in en[:i]), f"{stem}: set the language first"


def headings(nb: dict) -> list[tuple[int, int]]:
    """(cell index, level) of every Markdown heading, code blocks aside."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"```.*?```", "", source(cell), flags=re.S)
        found += [(i, len(m.group(1))) for m in re.finditer(r"^(#{1,6}) ", text, re.M)]
    return found


@pytest.mark.parametrize("stem", STEMS)
def test_twins_have_the_same_cells_and_headings(stem):
    en = load(NOTEBOOKS / "en" / f"{stem}.ipynb")
    zh = load(NOTEBOOKS / "zh" / f"{stem}.ipynb")
    assert [c["cell_type"] for c in en["cells"]] == [c["cell_type"] for c in zh["cells"]], (
        f"{stem}: the twins' cells differ in number or kind"
    )
    assert headings(en) == headings(zh), (
        f"{stem}: headings (cell, level) differ: en {headings(en)}, zh {headings(zh)}"
    )


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


# --- the install cell and the badges, from tools/course.py (the release named once)

course = tool.course_links()


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_first_code_cell_installs_tapekit_where_it_is_missing(path):
    cells = code_cells(load(path))
    first = cells[0]
    assert source(first) == course.install_cell(path.parent.name), (
        f"{_id(path)}: the first code cell is not tools/course.py's install cell: "
        "python tools/course.py apply"
    )
    assert set(course.INSTALL_TAGS) <= tags(first), tags(first)
    assert [course.INSTALL_TAG in tags(c) for c in cells].count(True) == 1
    assert not first["outputs"], f"{_id(path)}: tapekit was installed, the cell must be silent"
    # the same pip command, flags included, in every notebook: the one the Colab-stack
    # test (tests/compat) runs against the local clone
    (call,) = re.findall(r"check_call\(\[sys\.executable, (.*)\]\)", source(first))
    assert list(ast.literal_eval(f"[{call}]")) == course.pip_command()


def test_install_cell_installs_only_when_tapekit_is_missing(monkeypatch):
    import importlib.util as iu
    import subprocess

    calls = []
    monkeypatch.setattr(subprocess, "check_call", lambda args: calls.append(args))
    for lang in LANGS:
        exec(course.install_cell(lang), {})  # tapekit is here: nothing to do
        assert calls == []
    monkeypatch.setattr(iu, "find_spec", lambda name: None)
    exec(course.install_cell("zh"), {})
    assert len(calls) == 1 and calls[0][1:] == course.pip_command()
    assert course.pip_requirement().endswith(f"@{course.RELEASE_REF}")
    assert all(flag in calls[0] for flag in course.PIP_FLAGS)


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_notebook_has_its_badges_at_the_release(path):
    nb = load(path)
    rel = f"notebooks/{path.parent.name}/{path.name}"
    lines = source(nb["cells"][0]).splitlines()
    assert course.badges_markdown(rel) in lines, f"{_id(path)}: python tools/course.py apply"
    text = path.read_text(encoding="utf-8")
    assert "placeholder" not in text.lower() and "/blob/main/" not in text


def test_readme_points_at_the_release():
    text = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    # tapekit's own links name the release (a teacher's course repository may well use main)
    assert "/tapekit/tapekit/blob/main/" not in text
    assert "/tapekit/tapekit/HEAD?urlpath=lab" not in text
    assert course.install_cell("en") in text  # the Colab instructions show the real cell
    assert text.count(f"/blob/{course.RELEASE_REF}/notebooks/") >= 2 * len(COURSE)  # the table


# --------------------------------------------------------------------------------------
# executed, checked, clean


def is_answer_cell(cell: dict) -> bool:
    """An empty code cell, left for the student's answer (Jupyter does not run it)."""
    return cell["cell_type"] == "code" and not source(cell).strip()


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_every_cell_was_executed_top_to_bottom(path):
    answers = [c for c in code_cells(load(path)) if is_answer_cell(c)]
    assert all(c["execution_count"] is None and not c["outputs"] for c in answers), (
        f"{_id(path)}: an empty answer cell has a count or outputs"
    )
    cells = [c for c in code_cells(load(path)) if not is_answer_cell(c)]
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
    # the seeds' own terms, and those of issue 14 (forward mode, JVP/VJP, Hessians,
    # stability, vanishing/exploding gradients, clipping)
    assert {"自动微分", "梯度带", "高阶导数", "梯度下降"} <= set(zhs)
    assert {
        "前向模式",
        "向量-雅可比积",
        "雅可比-向量积",
        "海森矩阵",
        "数值稳定性",
        "梯度消失",
        "梯度爆炸",
        "梯度裁剪",
    } <= set(zhs)
    # and those of the lesson on how reverse mode works (graph, sweep, numerical checks)
    assert {
        "计算图",
        "前向计算",
        "伴随值",
        "局部导数",
        "拓扑顺序",
        "中心差分",
        "相对误差",
        "舍入误差",
        "机器精度",
        "海森矩阵-向量积",
    } <= set(zhs)
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
    "autodiff_and_gradient_tapes": [
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
    "first_gradients": [
        # seed 002: "print(dy_dx.numpy()) # 输出: 6.0", "# 输出: 4.0 27.0"
        "6.0\n",
        "4.0 27.0\n",
    ],
    "derivatives": [
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
    "gradient_tape_api": [
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
    "gradient_descent_algorithms": [
        # seed 003's SGD(learning_rate=0.01) result, through tk.optimizers.trajectory
        "x after 1000 steps: 0.999998569\n",
    ],
}
# The notebook toolkit and the small neural network (seed 002's exercise "write a simple neural
# network and train it with automatic differentiation") teach tapekit's own tools and print no
# seed numbers; how reverse mode works goes beyond the seeds, and the primer on tensors and
# variables comes before them.
SEEDLESS = {
    "notebook_toolkit",
    "small_neural_network",
    "how_reverse_mode_works",
    "tensors_and_variables",
}


def test_every_course_notebook_has_seed_outputs():
    assert set(SEED_OUTPUTS) == set(COURSE) - SEEDLESS


@pytest.mark.parametrize("path", [p for p in PATHS if bare_stem(p.stem) in SEED_OUTPUTS], ids=_id)
def test_seed_numbers_are_reproduced(path):
    text = all_output_text(load(path))
    pos = 0
    for expected in SEED_OUTPUTS[bare_stem(path.stem)]:
        found = text.find(expected, pos)
        assert found >= 0, (
            f"{_id(path)}: the seed prints {expected!r}; not found (in order) in the outputs"
        )
        pos = found + len(expected)
