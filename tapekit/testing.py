"""``tapekit.testing.check_grads``: check derivatives against finite differences.

In the spirit of HIPS autograd's checker: an adjoint (dot-product) test in float64 at
every order up to ``order``, which catches a wrong rule with one random direction,
plus, for small inputs, the full finite-difference Jacobian.  The function runs on the
current backend (NumPy, CuPy, any Array API library): inputs, perturbed inputs and
cotangents are made there; outputs and gradients come to the host for the float64 sums.
"""

from __future__ import annotations

import math

import numpy as np

from ._engine import backend as _backend
from ._engine import nest as _nest
from ._engine.tensor import Tensor, TensorLike
from ._messages import message
from .gradient_tape import GradientTape
from .ops._core_math import cast
from .ops._core_shape import reshape
from .ops.shape import concat

__all__ = ["check_grads", "numeric_jacobian"]


def _as_f64(x) -> Tensor:
    """``x`` as a fresh float64 tensor: host data on the current backend (checks run where
    the user's code runs), a tensor on its own namespace and device."""
    if isinstance(x, TensorLike):
        return Tensor(cast(x, "float64")._value)
    return Tensor(_backend.asarray(np.asarray(x, dtype=np.float64)))


def _like(host, t: TensorLike):
    """Host data as a float64 array on ``t``'s namespace and device."""
    return _backend.from_host(np.asarray(host, dtype=np.float64), like=t._value)


def _shifted(a: Tensor, step) -> Tensor:
    """``a + step`` (``step`` host data), computed by ``a``'s namespace."""
    return Tensor(a._value + _like(step, a))


def _flat_outputs(y) -> list:
    return [t for t in _nest.flatten(y) if isinstance(t, TensorLike)]


def _eval(f, args) -> list[np.ndarray]:
    """``f``'s outputs as host float64 arrays: the finite differences are taken there."""
    return [np.asarray(t.numpy(), dtype=np.float64) for t in _flat_outputs(f(*args))]


def _flat_eval(f, args) -> np.ndarray:
    return np.concatenate([o.reshape(-1) for o in _eval(f, args)])


def numeric_jacobian(f, *args, eps: float = 1e-6) -> list[np.ndarray]:
    """Central-difference Jacobian of the (concatenated) outputs w.r.t. each argument."""
    args = [_as_f64(a) for a in args]
    base = _flat_eval(f, args)
    jacs = []
    for k, a in enumerate(args):
        shape = tuple(a.shape)
        jac = np.zeros((base.size, math.prod(shape)))
        for i in range(jac.shape[1]):
            step = np.zeros(jac.shape[1])
            step[i] = eps
            hi, lo = list(args), list(args)
            hi[k] = _shifted(a, step.reshape(shape))
            lo[k] = _shifted(a, -step.reshape(shape))
            jac[:, i] = (_flat_eval(f, hi) - _flat_eval(f, lo)) / (2 * eps)
        jacs.append(jac)
    return jacs


def _vjp_function(f, cotangents):
    """x -> gradient of <f(x), v> (itself differentiable by an outer tape)."""

    def vjp(*xs):
        with GradientTape() as tape:
            for x in xs:
                tape.watch(x)
            outs = _flat_outputs(f(*xs))
        return tuple(
            tape.gradient(outs, list(xs), output_gradients=cotangents, unconnected_gradients="zero")
        )

    return vjp


def _adjoint_test(f, args, rng, eps, rtol, atol, order, name):
    outs = _flat_outputs(f(*args))
    vs = [rng.standard_normal(tuple(o.shape)) for o in outs]
    us = [rng.standard_normal(tuple(a.shape)) for a in args]
    v_t = [Tensor(_like(v, o)) for v, o in zip(vs, outs)]
    grads = _vjp_function(f, v_t)(*args)
    analytic = sum(float(np.sum(g.numpy() * u)) for g, u in zip(grads, us))
    plus = _eval(f, [_shifted(a, eps * u) for a, u in zip(args, us)])
    minus = _eval(f, [_shifted(a, -eps * u) for a, u in zip(args, us)])
    numeric = sum(float(np.sum(v * (p - m) / (2 * eps))) for v, p, m in zip(vs, plus, minus))
    err = abs(analytic - numeric)
    tol = atol + rtol * max(abs(analytic), abs(numeric))
    if not err <= tol:
        raise _mismatch(name, order, err, tol, analytic, numeric)
    return err, v_t


def _mismatch(name, order, err, tol, analytic, numeric) -> AssertionError:
    return AssertionError(
        message(
            "check_grads_failed",
            name=name,
            order=order,
            err=err,
            tol=tol,
            analytic=analytic,
            numeric=numeric,
        )
    )


def check_grads(
    f,
    *args,
    order: int = 2,
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    jacobian: bool = True,
    seed: int = 0,
) -> dict[str, float]:
    """Check the derivatives of ``f`` at ``args`` up to ``order``; raise on a mismatch.

    Returns the absolute error of each check, e.g. ``{"order 1": 3e-10, "order 2": ...}``.
    ``f`` takes tensors and returns a tensor (or a structure of tensors); inputs are
    converted to float64 so the finite differences are meaningful, host data onto the
    current backend.
    """
    name = getattr(f, "__name__", "f")
    args = [_as_f64(a) for a in args]
    rng = np.random.default_rng(seed)
    report: dict[str, float] = {}
    fn = f
    for k in range(1, order + 1):
        err, v_t = _adjoint_test(fn, args, rng, eps, rtol, atol, k, name)
        report[f"order {k}"] = err
        if k == 1 and jacobian and sum(math.prod(a.shape) for a in args) <= 64:
            numeric = numeric_jacobian(fn, *args, eps=eps)
            analytic = _analytic_jacobian(fn, args)
            for num, ana in zip(numeric, analytic):
                e = float(np.max(np.abs(num - ana))) if num.size else 0.0
                tol = atol + rtol * float(np.max(np.abs(num))) if num.size else atol
                if not e <= max(tol, 1e-6):
                    raise _mismatch(name, 1, e, tol, ana, num)
            report["jacobian"] = max(
                [float(np.max(np.abs(n - a))) for n, a in zip(numeric, analytic) if n.size] or [0.0]
            )
        fn = _concat_outputs(_vjp_function(fn, v_t))
    return report


def _concat_outputs(g):
    def wrapped(*xs):
        return list(g(*xs))

    wrapped.__name__ = getattr(g, "__name__", "vjp")
    return wrapped


def _analytic_jacobian(f, args) -> list[np.ndarray]:
    with GradientTape(persistent=True) as tape:
        for a in args:
            tape.watch(a)
        outs = _flat_outputs(f(*args))
        flat = concat([reshape(o, (-1,)) for o in outs], 0) if outs else None
    jacs = []
    for a in args:
        j = tape.jacobian(flat, a, unconnected_gradients="zero")
        jacs.append(j.numpy().reshape(flat.shape[0], -1))
    return jacs
