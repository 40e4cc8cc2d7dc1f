import tapekit as tk


def test_seed_first_example():
    x = tk.ones((2, 2))
    with tk.GradientTape() as t:
        t.watch(x)
        y = tk.reduce_sum(x)
        z = tk.multiply(y, y)
    dz_dx = t.gradient(z, x)
    for i in [0, 1]:
        for j in [0, 1]:
            assert dz_dx[i][j].numpy() == 8.0
