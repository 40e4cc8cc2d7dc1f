"""``tk.linalg``: matrix products and decompositions under TF's names."""

from .ops.array import matrix_transpose  # noqa: F401
from .ops.clip import global_norm  # noqa: F401  (issue 13)
from .ops.decompositions import eig, eigh, eigvals, eigvalsh, qr, svd  # noqa: F401
from .ops.linalg import (  # noqa: F401
    band_part,
    cholesky,
    det,
    diag,
    diag_part,
    einsum,
    inv,
    l2_normalize,
    matmul,
    norm,
    solve,
    tensordot,
    trace,
)

adjoint = matrix_transpose
