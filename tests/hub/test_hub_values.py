"""The hub's limits in agreement: hub/z2jh-values.yaml, hub/jupyterhub_config.py and the
measured figures they come from (bench/results/capacity.json, by bench/capacity.py).

No network, no Kubernetes: the values file is parsed as YAML and read like the chart reads it;
the local config is loaded the way JupyterHub loads it (traitlets), with its state in a
temporary directory.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML comes with the hub extra (jupyter_events)")
from traitlets.config.loader import PyFileConfigLoader

pytestmark = pytest.mark.numpy_only  # no arrays: one run, not one per backend

ROOT = Path(__file__).resolve().parents[2]
HUB = ROOT / "hub"
UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}  # JupyterHub's ByteSpecification


def _bytes(spec: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])", str(spec))
    assert match, f"{spec!r}: a number and one of K, M, G, T (as the chart and JupyterHub read it)"
    return int(float(match.group(1)) * UNITS[match.group(2)])


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((HUB / "z2jh-values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    state = tmp_path_factory.mktemp("hub-state")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("MEM_GUARANTEE", "MEM_LIMIT", "CPU_GUARANTEE", "CPU_LIMIT"):
            mp.delenv(f"TAPEKIT_HUB_{name}", raising=False)  # the file's own defaults
        mp.setenv("TAPEKIT_HUB_STATE", str(state))
        mp.setenv("TAPEKIT_EXCHANGE", str(state / "exchange"))
        return PyFileConfigLoader("jupyterhub_config.py", str(HUB)).load_config()


@pytest.fixture(scope="module")
def measured() -> dict:
    result = json.loads((ROOT / "bench" / "results" / "capacity.json").read_text("utf-8"))
    return result["derived"]["tapekit"]


def test_limits_agree_with_the_local_config(values, local):
    single = values["singleuser"]
    assert _bytes(single["memory"]["limit"]) == _bytes(local.Spawner.mem_limit)
    assert _bytes(single["memory"]["guarantee"]) == _bytes(local.Spawner.mem_guarantee)
    assert float(single["cpu"]["limit"]) == local.Spawner.cpu_limit
    assert float(single["cpu"]["guarantee"]) == local.Spawner.cpu_guarantee


def test_limits_come_from_the_measurement(values, measured):
    single = values["singleuser"]
    assert _bytes(single["memory"]["limit"]) == measured["mem_limit_mib"] * 2**20
    assert _bytes(single["memory"]["guarantee"]) == measured["mem_guarantee_mib"] * 2**20
    # the limit holds the heaviest lesson's peak; the guarantee is at least a student's share
    assert _bytes(single["memory"]["limit"]) > measured["student_peak_rss_mib"] * 2**20
    assert _bytes(single["memory"]["guarantee"]) >= measured["student_pss_mib"] * 2**20
    # CPU requests must not fill a node before memory does (hub/jupyterhub_config.py)
    per_node_by_memory = 31 * 1024 / measured["mem_guarantee_mib"]
    assert float(single["cpu"]["guarantee"]) * per_node_by_memory <= 8 * 1.1
    assert float(single["cpu"]["guarantee"]) * measured["course_students_per_core_sustained"] > 1


def test_same_course_link_culling_and_exchange_as_the_local_hub(values, local):
    single = values["singleuser"]
    assert single["defaultUrl"] == local.Spawner.default_url
    query = parse_qs(urlsplit(single["defaultUrl"]).query)
    assert urlsplit(single["defaultUrl"]).path == "/git-pull"
    assert {"repo", "branch", "targetpath", "urlpath"} <= query.keys()
    culler = next(s for s in local.JupyterHub.services if s["name"] == "idle-culler")
    assert f"--timeout={values['cull']['timeout']}" in culler["command"]
    assert f"--cull-every={values['cull']['every']}" in culler["command"]
    assert values["cull"]["enabled"] is True
    files = single["extraFiles"]
    root = files["nbgrader-config"]["data"]["Exchange"]["root"]
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    assert mounts["nbgrader-exchange"] == root
    claims = {v["name"]: v["persistentVolumeClaim"] for v in single["storage"]["extraVolumes"]}
    assert claims["nbgrader-exchange"]["claimName"]
    kernels = files["kernel-culling"]["data"]["MappingKernelManager"]
    assert kernels["cull_idle_timeout"] == 3600 and kernels["cull_interval"] == 300
    assert values["hub"]["config"]["Authenticator"]["admin_users"] == sorted(
        local.Authenticator.admin_users
    )


def test_limits_hold_the_students_measured_on_the_hub(values, measured):
    """bench/capacity_hub.py's students on the real hub (jupyterhub-singleuser, a little
    larger than the plain Jupyter server bench/capacity.py measures) fit the same limits."""
    run = json.loads((ROOT / "bench" / "results" / "capacity_hub.json").read_text("utf-8"))
    memory = values["singleuser"]["memory"]
    for size in run["classes"]["tapekit"]:
        share = size["memory_after_server_pss_mib"] + size["memory_after_kernel_pss_mib"]
        assert 0 < share * 2**20 <= _bytes(memory["guarantee"]), size["students"]
        peak = size["memory_after_server_rss_mib"] + measured["kernel_peak_rss_mib"]
        assert peak * 2**20 < _bytes(memory["limit"]), size["students"]
