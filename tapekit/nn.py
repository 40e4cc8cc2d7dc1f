"""``tk.nn``: activations, softmax and losses under TF's names."""

# more of tf.nn (tfops): dropout, embeddings, moments, batch normalization, more losses
from .ops.cross_entropy import (  # noqa: F401
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
)
from .ops.losses import (  # noqa: F401
    compute_average_loss,
    log_poisson_loss,
    scale_regularization_loss,
    weighted_cross_entropy_with_logits,
)
from .ops.nn import (  # noqa: F401
    bias_add,
    elu,
    gelu,
    l2_loss,
    leaky_relu,
    log_softmax,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    softsign,
    swish,
    tanh,
)
from .ops.nn_more import crelu, dropout, embedding_lookup, in_top_k  # noqa: F401
from .ops.norm import l2_normalize  # noqa: F401
from .ops.sort import top_k  # noqa: F401  (issue 13)
from .ops.statistics import (  # noqa: F401
    batch_normalization,
    moments,
    normalize_moments,
    sufficient_statistics,
    weighted_moments,
)
