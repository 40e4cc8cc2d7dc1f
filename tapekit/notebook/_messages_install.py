"""Installing: the "Python 3 (tapekit)" kernelspec, ``python -m tapekit`` and the optional
dependencies (pyproject.toml's extras), in English and Chinese."""

from __future__ import annotations

from .._messages import CATALOG

CATALOG.update(
    {
        "kernel_bad_name": {
            "en": "`{name}` is not a valid kernel name: use letters, digits, '.', '_' and '-' (at most {max} characters, not only dots), as `jupyter kernelspec` does. Nothing was installed.",
            "zh": "`{name}` 不是合法的内核名：只能使用字母、数字、'.'、'_' 和 '-'（最多 {max} 个字符，不能只有点），与 `jupyter kernelspec` 的规则相同。没有安装任何内容。",
        },
        "kernel_installed": {
            "en": "Installed kernelspec {name} ({display_name}) in {dest}",
            "zh": "已安装内核规范 {name}（{display_name}），位置：{dest}",
        },
        "kernel_needs_ipykernel": {
            "en": (
                "python -m tapekit install-kernel needs {module}, which is not installed in this "
                "Python ({python}); nothing was installed. Install it into the environment the "
                "kernel should run in: {python} -m pip install ipykernel (or tapekit's [jupyter] "
                "extra: pip install 'tapekit[jupyter]'), then run the command again."
            ),
            "zh": (
                "python -m tapekit install-kernel 需要 {module}，但当前的 Python（{python}）中没有"
                "安装它，所以什么也没有安装。请把它装进内核要运行的环境：{python} -m pip install "
                "ipykernel（或者安装 tapekit 的 [jupyter] 附加依赖：pip install 'tapekit[jupyter]'），"
                "然后再运行这条命令。"
            ),
        },
        "kernel_install_failed": {
            "en": "Could not install the kernel: {detail}. Try --user, or --prefix with a folder you can write to.",
            "zh": "无法安装内核：{detail}。请试试 --user，或用 --prefix 指定一个你有写权限的文件夹。",
        },
        "missing_extra": {
            "en": (
                "{what} needs {module}, which is not installed. Install tapekit's [{extra}] "
                "extra: pip install 'tapekit[{extra}]' (from a clone of the repository: "
                "pip install -e '.[{extra}]')."
            ),
            "zh": (
                "{what} 需要 {module}，但它没有安装。请安装 tapekit 的 [{extra}] 附加依赖："
                "pip install 'tapekit[{extra}]'（在仓库的克隆中：pip install -e '.[{extra}]'）。"
            ),
        },
    }
)
