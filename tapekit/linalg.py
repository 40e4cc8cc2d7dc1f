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

# more of tf.linalg (tfops): composites of matmul, solve, cholesky, qr and svd
from .ops.creation import eye  # noqa: F401, E402
from .ops.linalg_more import (  # noqa: F401, E402
    cholesky_solve,
    cross,
    logdet,
    lstsq,
    matvec,
    normalize,
    pinv,
    set_diag,
    slogdet,
    triangular_solve,
)
