"""The hub's settings in agreement: hub/z2jh-values.yaml, hub/jupyterhub_config.py, the
measured figures their limits come from (bench/results/capacity.json, by bench/capacity.py),
the image's lock (binder/requirements.txt: the chart's JupyterHub, nbgrader) and nbgrader's
own reading of the exchange and of its extensions by role.

No network, no Kubernetes: the values file is parsed as YAML and read like the chart reads it;
the local config is loaded the way JupyterHub loads it (traitlets), with its state in a
temporary directory.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from traitlets.config import Config

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


# The JupyterHub each chart version of hub/README.md and hub/z2jh-values.yaml runs (the chart's
# appVersion; 4.3.3 is the March 2026 security release).  A server's jupyterhub-singleuser
# should be the hub's version: add a row when the chart is bumped.
CHART_JUPYTERHUB = {"4.3.3": "5.4.4"}


def _lock() -> dict[str, str]:
    """``{normalised name: version}`` of binder/requirements.txt, the image's lock."""
    pins = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text("utf-8").splitlines():
        name, sep, version = line.partition("#")[0].strip().partition("==")
        if sep:
            pins[canonicalize_name(name)] = version
    return pins


def test_the_image_serves_the_hub_and_nbgrader(values):
    """KubeSpawner starts `jupyterhub-singleuser` (the jupyterhub package) from the image built
    from binder/, and the exchange needs nbgrader there: both are in the lock."""
    assert values["singleuser"]["cmd"] == "jupyterhub-singleuser"
    charts = {
        re.findall(r"--version (\S+)", (HUB / name).read_text("utf-8"))[0]
        for name in ("z2jh-values.yaml", "README.md")
    }
    assert len(charts) == 1, f"hub/README.md and hub/z2jh-values.yaml name other charts: {charts}"
    (chart,) = charts
    assert chart in CHART_JUPYTERHUB, f"chart {chart}: add its JupyterHub version above"
    lock = _lock()
    assert lock.get("jupyterhub") == CHART_JUPYTERHUB[chart], (
        f"binder/requirements.txt pins jupyterhub {lock.get('jupyterhub')}; chart {chart} runs "
        f"JupyterHub {CHART_JUPYTERHUB[chart]}: pin that in binder/requirements.in and relock"
    )
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    (wanted,) = [r for r in project["optional-dependencies"]["hub"] if r.startswith("nbgrader")]
    assert "nbgrader" in lock, "binder/requirements.txt has no nbgrader: the exchange needs it"
    assert Requirement(wanted).specifier.contains(lock["nbgrader"]), (wanted, lock["nbgrader"])


def test_the_exchange_is_where_nbgrader_and_the_teacher_look(values, tmp_path, monkeypatch):
    """nbgrader itself, reading its config the way it does on a server, finds the values'
    exchange at the mounted volume, and the teacher's course/ releases into the same folder."""
    exchange_module = pytest.importorskip("nbgrader.exchange.default.exchange")
    from jupyter_core.paths import SYSTEM_CONFIG_PATH
    from nbgrader.apps.baseapp import NbGrader
    from nbgrader.coursedir import CourseDirectory

    files = values["singleuser"]["extraFiles"]
    mount = Path(files["nbgrader-config"]["mountPath"])
    assert mount.name == "nbgrader_config.json"
    assert str(mount.parent) in SYSTEM_CONFIG_PATH, "a folder every server's nbgrader reads"
    folder = tmp_path / "etc"  # the mounted file, in a folder of the search path
    folder.mkdir()
    (folder / mount.name).write_text(json.dumps(files["nbgrader-config"]["data"]), "utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(folder))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "user"))
    monkeypatch.chdir(tmp_path)
    app = NbGrader()
    app.load_config_file()
    root = exchange_module.Exchange(config=app.config).root
    assert root != exchange_module.Exchange().root, "nbgrader's own default is another folder"
    mounts = {
        m["name"]: m["mountPath"] for m in values["singleuser"]["storage"]["extraVolumeMounts"]
    }
    assert root == mounts["nbgrader-exchange"]
    assert CourseDirectory(config=app.config).course_id == "tapekit"
    for name in ("TAPEKIT_EXCHANGE", "TAPEKIT_COURSE_ID", "TAPEKIT_GRADEBOOK"):
        monkeypatch.delenv(name, raising=False)
    course = PyFileConfigLoader("nbgrader_config.py", str(ROOT / "course")).load_config()
    assert course.Exchange.root == root and course.CourseDirectory.course_id == "tapekit"


class _User:
    def __init__(self, admin: bool) -> None:
        self.admin = admin


class _Spawner:
    def __init__(self, admin: bool) -> None:
        self.user = _User(admin)


def _role_files(values: dict, folder: str) -> dict[str, dict]:
    """The values' extraFiles under one config folder, by their path inside it."""
    found = {}
    for spec in values["singleuser"]["extraFiles"].values():
        path = Path(spec["mountPath"])
        if path.is_relative_to(folder):
            found[path.relative_to(folder).as_posix()] = spec["data"]
    return found


def _nbgrader_switches(files: dict[str, dict]) -> tuple[dict, dict]:
    lab = files["labconfig/page_config.json"]["disabledExtensions"]
    server = files["jupyter_server_config.json"]["ServerApp"]["jpserver_extensions"]
    return lab, server


def test_students_do_not_get_the_formgrader(values, local):
    """nbgrader's extensions by role, on both hubs: the values' extraConfig and the local
    config pick the teacher's folder for the admin and the student's for everyone else; a
    student has the assignment list and Validate but no formgrader, course list or Create
    Assignment; the teacher has all; and every name is one of nbgrader's (a misspelt plugin or
    module would switch nothing, silently)."""
    c = Config()
    c.KubeSpawner.environment = dict(values["singleuser"]["extraEnv"])
    exec(values["hub"]["extraConfig"]["nbgrader-roles"], {"c": c})  # as the chart runs it
    cluster = c.KubeSpawner.environment["JUPYTER_CONFIG_PATH"]
    assert c.KubeSpawner.environment["MPLBACKEND"] == "Agg", "the other variables stay"
    on_one_machine = local.Spawner.environment["JUPYTER_CONFIG_PATH"]
    plugins = set()
    labextension = Path(sys.prefix, "share/jupyter/labextensions/@jupyter/nbgrader/static")
    for script in labextension.glob("*.js"):
        plugins |= set(re.findall(r'"(@jupyter/nbgrader:[a-z-]+)"', script.read_text("utf-8")))
    for admin, role in ((False, "student"), (True, "teacher")):
        folder = cluster(_Spawner(admin))
        assert ":" not in folder and folder.endswith(role)
        lab, server = _nbgrader_switches(_role_files(values, folder))
        local_folder = Path(on_one_machine(_Spawner(admin)).split(os.pathsep)[0])
        assert local_folder.name == role
        local_files = {
            name: json.loads((local_folder / name).read_text("utf-8"))
            for name in ("labconfig/page_config.json", "jupyter_server_config.json")
        }
        assert _nbgrader_switches(local_files) == (lab, server), f"{role}: the hubs differ"
        assert set(lab) == plugins - {"@jupyter/nbgrader:menu"}, f"{role}: {set(lab) ^ plugins}"
        for module in server:
            assert importlib.util.find_spec(module), module
        enabled = {k for k, off in lab.items() if not off} | {k for k, on in server.items() if on}
        student = {
            "@jupyter/nbgrader:assignment-list",
            "@jupyter/nbgrader:validate-assignment",
            "nbgrader.server_extensions.assignment_list",
            "nbgrader.server_extensions.validate_assignment",
        }
        assert enabled == (student if role == "student" else set(lab) | set(server)), role
