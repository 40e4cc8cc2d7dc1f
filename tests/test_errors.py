"""tk.errors and the message catalog: TF's exception names, builtin base classes, English and
Chinese texts, and helpful AttributeErrors for TF names tapekit does not have."""

from __future__ import annotations

import ast
import json
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest

import tapekit as tk
import tapekit.notebook  # each subsystem registers its catalog when imported
import tapekit.optimizers
import tapekit.widgets
from tapekit._messages import CATALOG

PACKAGE = Path(tk.__file__).parent


@pytest.mark.numpy_only  # no arrays involved
@pytest.mark.parametrize(
    "name, builtin",
    [
        ("InvalidArgumentError", ValueError),
        ("NotFoundError", LookupError),
        ("UnimplementedError", NotImplementedError),
        ("FailedPreconditionError", RuntimeError),
        ("OutOfRangeError", IndexError),
        ("ResourceExhaustedError", MemoryError),
        ("InternalError", RuntimeError),
        ("UnknownError", RuntimeError),
    ],
)
def test_error_classes_subclass_builtins(name, builtin):
    cls = getattr(tk.errors, name)
    assert issubclass(cls, tk.errors.OpError)
    assert issubclass(cls, builtin)
    err = cls(None, None, "boom")
    assert str(err) == "boom" and err.message == "boom" and err.op is None
    with pytest.raises(builtin):
        raise err


@pytest.mark.numpy_only
def test_op_error_signature_like_tf():
    err = tk.errors.InvalidArgumentError("node", "op", "text")
    assert (err.node_def, err.op, err.message) == ("node", "op", "text")
    assert issubclass(tk.errors.OpError, Exception)


@pytest.mark.numpy_only
def test_catalog_has_both_languages_with_the_same_fields():
    fmt = string.Formatter()
    for key, entry in CATALOG.items():
        assert set(entry) == {"en", "zh"}, key
        fields = {lang: {f for _, f, _, _ in fmt.parse(text) if f} for lang, text in entry.items()}
        assert fields["en"] == fields["zh"], key


# Each subsystem registers its own catalog (``<subsystem>/_messages*.json``) when it is imported;
# code may use the keys of its own subsystem and of those below it (the layer order).
_BELOW = {
    "engine": {"engine"},
    "optimizers": {"engine", "optimizers"},
    "notebook": {"engine", "notebook"},
    "widgets": {"engine", "notebook", "widgets"},
}


def _subsystem(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if rel.parts[0] in ("notebook", "_ipython") or str(rel) in (
        "magics.py",
        "workbench.py",
        "__main__.py",
    ):
        return "notebook"  # the magics and the workbench: the notebook layer's keys
    return rel.parts[0] if rel.parts[0] in ("widgets", "optimizers") else "engine"


def _keys_of(pairs: list[tuple[str, object]]) -> list[str]:
    return [k for k, _ in pairs]


def _catalog_keys() -> dict[str, str]:
    """key -> the subsystem whose ``_messages*.json`` declares it (read from the files)."""
    owner = {}
    for path in sorted(PACKAGE.rglob("_messages*.json")):
        # keep every key of the file, repeats too (a dict would drop them silently)
        keys = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_keys_of)
        for key in keys:
            assert key not in owner, f"{key} is declared twice"
            owner[key] = _subsystem(path)
    return owner


def _keys_used_in_code() -> list[tuple[str, str, str]]:
    """(module, subsystem, key) for each ``message("key", ...)`` call in tapekit."""
    used = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            first = node.args[0]
            if (
                name == "message"
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                rel = str(path.relative_to(PACKAGE))
                used.append((rel, _subsystem(path), first.value))
    return used


@pytest.mark.numpy_only
def test_every_message_key_used_in_code_exists_in_both_languages():
    used = _keys_used_in_code()
    assert len(used) > 300  # the walk finds the calls
    missing = [(m, k) for m, _, k in used if k not in CATALOG]
    assert not missing, missing
    half = [(m, k) for m, _, k in used if not (CATALOG[k].get("en") and CATALOG[k].get("zh"))]
    assert not half, half


@pytest.mark.numpy_only
def test_each_subsystem_registers_the_keys_its_code_uses():
    """A key lives in the catalog of its subsystem (or below): ``message(key)`` then works
    whichever subsystem was imported first, since using code has imported its own."""
    owner = _catalog_keys()
    assert set(owner) == set(CATALOG)  # every catalog module is found and read
    wrong = [
        (m, k, owner[k]) for m, sub, k in _keys_used_in_code() if owner.get(k) not in _BELOW[sub]
    ]
    assert not wrong, wrong
    for sub in ("notebook", "widgets", "optimizers"):
        assert sum(1 for o in owner.values() if o == sub) > 20, sub  # beside their subsystem


@pytest.mark.numpy_only
@pytest.mark.parametrize(
    "imports, key",
    [
        ("import tapekit.optimizers", "opt_legacy_module"),
        ("from tapekit.widgets import WidgetInputError", "wg_no_optimizers"),
        ("from tapekit.notebook import kernelspec", "magic_no_tape"),
        ("import tapekit.workbench", "magic_no_tape"),
    ],
)
def test_a_subsystems_messages_load_with_it(imports, key):
    code = f"{imports}\nfrom tapekit._messages import message\nprint(message({key!r}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == CATALOG[key]["en"]


def _mixed_dtypes():
    return tk.constant([1.0]) + tk.constant([1.0], tk.float64)


def _second_gradient():
    x = tk.constant(3.0)
    with tk.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    tape.gradient(y, x)


def test_english_messages():
    with pytest.raises(tk.errors.InvalidArgumentError) as err:
        _mixed_dtypes()
    assert "tk.cast(x, tk.float32)" in str(err.value)
    with pytest.raises(RuntimeError) as err:
        _second_gradient()
    assert "tk.GradientTape(persistent=True)" in str(err.value)


def test_chinese_messages():
    tk.config.set_language("zh")  # the xp fixture resets it to English
    assert tk.config.get_language() == "zh"
    with pytest.raises(tk.errors.InvalidArgumentError) as err:
        _mixed_dtypes()
    assert "无法计算 AddV2" in str(err.value) and "请用 tk.cast(x, tk.float32)" in str(err.value)
    with pytest.raises(RuntimeError) as err:
        _second_gradient()
    assert str(err.value).startswith("非持久（non-persistent）的梯度带只能计算一次梯度")
    with pytest.raises(TypeError) as err:
        tk.constant([1.0, 2.0])[0] = 3.0
    assert "张量是不可变的" in str(err.value)
    with pytest.raises(AttributeError) as err:
        tk.data  # noqa: B018
    assert "请参阅 README 中的“与 TensorFlow 的差异”一节" in str(err.value)
    with pytest.raises(AttributeError) as err:
        tk.reduce_summ  # noqa: B018
    assert "你是不是想用 'reduce_sum'" in str(err.value)


def test_chinese_warning():
    tk.config.set_language("zh")
    s = tk.constant(3)
    with pytest.warns(UserWarning) as rec:
        with tk.GradientTape() as tape:
            tape.watch(s)
            y = tk.cast(s, tk.float32) * 2.0
        assert tape.gradient(y, s) is None
    texts = " ".join(str(w.message) for w in rec)
    assert "被 watch 的张量必须是浮点类型" in texts
    assert "源张量的 dtype 必须是浮点类型" in texts


@pytest.mark.numpy_only
def test_set_language_aliases_and_errors():
    for alias in ("zh-CN", "zh_cn", "chinese", "ZH"):
        tk.config.set_language(alias)
        assert tk.config.get_language() == "zh"
    tk.config.set_language("english")
    assert tk.config.get_language() == "en"
    with pytest.raises(ValueError, match="choose 'en' or 'zh'"):
        tk.config.set_language("fr")
    assert tk.config.get_language() == "en"


@pytest.mark.numpy_only
def test_language_from_environment():
    code = (
        "import tapekit as tk\n"
        "try:\n"
        "    tk.data\n"
        "except AttributeError as e:\n"
        "    print(tk.config.get_language(), e)\n"
    )
    env = dict(os.environ, TAPEKIT_LANG="zh_CN.UTF-8", PYTHONIOENCODING="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("zh 模块 'tapekit' 没有属性 'data'")


@pytest.mark.numpy_only
@pytest.mark.parametrize("name", ["data", "saved_model", "estimator", "Session"])
def test_missing_tf_names_point_to_readme(name):
    with pytest.raises(AttributeError) as err:
        getattr(tk, name)
    text = str(err.value)
    assert text.startswith(f"module 'tapekit' has no attribute '{name}'")
    assert "See 'Differences from TensorFlow' in the README." in text
    assert not hasattr(tk, name)


@pytest.mark.numpy_only
@pytest.mark.parametrize("name", ["layers", "models", "Sequential"])
def test_missing_keras_names_point_to_readme(name):
    with pytest.raises(AttributeError) as err:
        getattr(tk.keras, name)
    assert "Differences from TensorFlow" in str(err.value)
    assert name in str(err.value)


@pytest.mark.numpy_only
def test_typo_suggests_the_right_name():
    with pytest.raises(AttributeError) as err:
        tk.reduce_summ  # noqa: B018
    assert str(err.value) == (
        "module 'tapekit' has no attribute 'reduce_summ'; did you mean 'reduce_sum'?"
    )
    with pytest.raises(AttributeError) as err:
        tk.GradientTap  # noqa: B018
    assert "did you mean 'GradientTape'?" in str(err.value)
    with pytest.raises(AttributeError) as err:
        tk.zzzzzz_nothing_close  # noqa: B018
    assert str(err.value) == "module 'tapekit' has no attribute 'zzzzzz_nothing_close'"


def test_shape_errors_are_invalid_argument():
    with pytest.raises(tk.errors.InvalidArgumentError, match=r"Matrix size-incompatible"):
        tk.matmul(tk.ones((2, 3)), tk.ones((2, 3)))
    with pytest.raises(ValueError, match=r"Input to reshape is a tensor with 6 values"):
        tk.reshape(tk.zeros(6), (4, 2))


def test_reshape_message_counts_values_like_tf():
    with pytest.raises(tk.errors.InvalidArgumentError) as err:
        tk.reshape(tk.zeros(6), (4, 2))
    assert "Input to reshape is a tensor with 6 values, but the requested shape has 8" in str(
        err.value
    )


def test_sparse_cross_entropy_label_errors_like_tf():
    """TF 2.21 (CPU): out-of-range labels and float labels are InvalidArgumentError, a labels
    shape that is not the logits' shape without its last axis is a ValueError."""
    logits = tk.ones((3, 4))
    with pytest.raises(tk.errors.InvalidArgumentError) as e:
        tk.nn.sparse_softmax_cross_entropy_with_logits(labels=tk.constant([0, 3, 5]), logits=logits)
    assert str(e.value).startswith(
        "Received a label value of 5 which is outside the valid range of [0, 4).  "
        "Label values: 0 3 5 [Op:SparseSoftmaxCrossEntropyWithLogits]"
    )
    with pytest.raises(tk.errors.InvalidArgumentError, match="-1 which is outside"):
        tk.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tk.constant([0, -1, 1]), logits=logits
        )
    with pytest.raises(tk.errors.InvalidArgumentError, match="'Tlabels' of float32"):
        tk.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tk.constant([0.0, 1, 2]), logits=logits
        )
    with pytest.raises(
        ValueError, match=r"Received: labels.shape=\(2,\) and logits.shape=\(3, 4\)"
    ):
        tk.nn.sparse_softmax_cross_entropy_with_logits(labels=tk.constant([0, 1]), logits=logits)


# Raises whose text stays a literal, each with the reason (everything else a user can meet
# goes through message(), in English and Chinese).
LITERAL_ERROR_TEXTS = {
    "tapekit/_engine/backend/__init__.py": "cumulative_sum's NumPy 2.0 shim: the ops always pass an axis",
    "tapekit/_ipython/workspace.py": "Python's own NameError text when short errors are off",
    "tapekit/ops/_registry.py": "a duplicate primitive: a developer's mistake at import time",
    "tapekit/ops/variable_slice.py": "AttributeError('assign'): Python's attribute protocol",
}


def literal_error_texts(path: Path) -> list[str]:
    """``raise X("text")`` / ``raise X(f"...")`` in ``path``: an error text not from message()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            callee = node.exc.func
            name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if not name[:1].isupper():  # a helper that builds the error (its args are keys)
                continue
            for arg in node.exc.args:
                if isinstance(arg, ast.JoinedStr) or (
                    isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ):
                    found.append(f"{node.lineno}: {ast.unparse(node.exc)[:80]}")
                    break
    return found


def test_user_facing_errors_go_through_the_catalog():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = "tapekit/" + path.relative_to(PACKAGE).as_posix()
        if rel not in LITERAL_ERROR_TEXTS:
            offenders += [f"{rel}:{hit}" for hit in literal_error_texts(path)]
    assert not offenders, "give these a message() key in both languages:\n" + "\n".join(offenders)


def test_literal_error_check_sees_a_literal(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'def f(x):\n    if x:\n        raise ValueError(f"bad {x}")\n'
        '    if x is None:\n        raise TypeError(message("key"))\n'
        '    raise _limit(x, "depth", 3)\n'
    )
    assert [hit.split(":")[0] for hit in literal_error_texts(sample)] == ["3"]
