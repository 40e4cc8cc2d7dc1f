"""``tk.linalg``: matrix products and decompositions under TF's names."""

from .ops.clip import global_norm  # noqa: F401  (issue 13)
from .ops.decompositions import eig, eigh, eigvals, eigvalsh, qr, svd  # noqa: F401
from .ops.matrix import (  # noqa: F401
    band_part,
    cholesky,
    det,
    diag,
    diag_part,
    inv,
    solve,
    trace,
)
from .ops.norm import (  # noqa: F401
    l2_normalize,
    norm,
)
from .ops.products import (  # noqa: F401
    einsum,
    matmul,
    tensordot,
)
from .ops.shape import matrix_transpose

adjoint = matrix_transpose

# more of tf.linalg (tfops): composites of matmul, solve, cholesky, qr and svd
from .ops.creation import eye  # noqa: F401
from .ops.linalg_more import (  # noqa: F401
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
