"""The optimizer explorer's background: f on a grid (for the contours) and the direction of
−∇f on a coarser one (the arrows), vectorised when f accepts a batch of points."""

from __future__ import annotations

import math

import tapekit as tk

from .._engine import backend as _backend
from .._messages import message
from ._base import Progress, as_tensor_result, host_array, is_dtype_error

np = _backend.np

GRID = 161  # contour grid per side (vectorised f)
GRID_POINTWISE = 61  # when f must be evaluated point by point
ARROWS = 17


def _evaluate_grid(fn, xr, yr, n):
    """f on an n×n grid: one vectorised call with x = v[0], y = v[1] of shape (n*n,),
    else point by point.  Returns (X, Y, Z, vectorised?)."""
    xs = np.linspace(*xr, n)
    ys = np.linspace(*yr, n)
    X, Y = np.meshgrid(xs, ys)
    pts = np.stack([X.ravel(), Y.ravel()])
    for dtype in (tk.float64, tk.float32):
        try:
            v = tk.constant(pts, dtype=dtype)
            z = as_tensor_result(fn(v), v[0])
            if z is not None and tuple(z.shape) == (pts.shape[1],):
                Z = host_array(z).reshape(X.shape)
                if _spot_check(fn, pts, Z.ravel(), dtype):
                    return X, Y, Z, True
            break
        except Exception as e:  # not vectorisable: point by point
            if not is_dtype_error(e):
                break
    return None


def _spot_check(fn, pts, z, dtype) -> bool:
    """The vectorised values agree with f called point by point at a few points."""
    m = pts.shape[1]
    for i in sorted({0, m // 3, (2 * m) // 3, m - 1}):
        try:
            v = float(np.sum(host_array(fn(tk.constant(pts[:, i], dtype=dtype)))))
        except Exception:
            return False
        a = float(z[i])
        if not (a == v or (math.isnan(a) and math.isnan(v))):
            if abs(a - v) > 1e-5 * max(abs(a), abs(v), 1.0):
                return False
    return True


def _pointwise_grid(fn, xr, yr, n, progress):
    """f point by point (f is not vectorised), with a progress bar."""
    xs = np.linspace(*xr, n)
    ys = np.linspace(*yr, n)
    X, Y = np.meshgrid(xs, ys)
    Z = np.full(X.shape, np.nan)
    bar = Progress(X.size, message("wg_progress"), progress)
    try:
        for i, (a, b) in enumerate(zip(X.ravel(), Y.ravel())):
            try:
                y = fn(tk.constant([a, b], dtype=tk.float32))
                Z.flat[i] = float(np.sum(host_array(y)))
            except Exception:  # undefined there
                pass
            bar.update(i + 1)
    finally:
        bar.close()
    return X, Y, Z


def _gradients(fn, xr, yr, n, dtype):
    """−∇f direction on an n×n grid (tapekit gradients; vectorised when f is)."""
    xs = np.linspace(*xr, n)
    ys = np.linspace(*yr, n)
    X, Y = np.meshgrid(xs, ys)
    pts = np.stack([X.ravel(), Y.ravel()])
    G = None
    if dtype is not None:
        try:
            v = tk.constant(pts, dtype=dtype)
            with tk.GradientTape() as tape:
                tape.watch(v)
                y = fn(v)
            g = tape.gradient(y, v)
            G = host_array(g) if g is not None else None
        except Exception:
            G = None
    if G is None:
        G = np.full(pts.shape, np.nan)
        for i in range(pts.shape[1]):
            try:
                v = tk.constant(pts[:, i], dtype=tk.float32)
                with tk.GradientTape() as tape:
                    tape.watch(v)
                    y = fn(v)
                G[:, i] = host_array(tape.gradient(y, v))
            except Exception:
                pass
    U, V = -G[0].reshape(X.shape), -G[1].reshape(X.shape)
    norm = np.hypot(U, V)
    with np.errstate(all="ignore"):
        U, V = np.where(norm > 0, U / norm, 0.0), np.where(norm > 0, V / norm, 0.0)
    return X, Y, U, V


def sample(fn, x_range, y_range, progress: bool):
    """The contour grid ``{"x", "y", "z", "vectorized"}`` of f, the arrows' field of −∇f
    (X, Y, U, V) and the dtype f was evaluated in."""
    got = _evaluate_grid(fn, x_range, y_range, GRID)
    if got is not None:
        X, Y, Z, vec = got
        dtype = tk.float64 if Z.dtype == np.float64 else tk.float32
    else:
        X, Y, Z = _pointwise_grid(fn, x_range, y_range, GRID_POINTWISE, progress)
        vec = False
        dtype = tk.float32
    grid = {"x": X, "y": Y, "z": Z, "vectorized": vec}
    return grid, _gradients(fn, x_range, y_range, ARROWS, dtype if vec else None), dtype
