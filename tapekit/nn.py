"""``tk.nn``: activations, softmax and losses under TF's names."""

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
    sigmoid_cross_entropy_with_logits,
    silu,
    softmax,
    softmax_cross_entropy_with_logits,
    softplus,
    softsign,
    sparse_softmax_cross_entropy_with_logits,
    swish,
    tanh,
)
from .ops.norm import l2_normalize  # noqa: F401
from .ops.sort import top_k  # noqa: F401, E402  (issue 13)
