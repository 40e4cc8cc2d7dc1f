"""JupyterHub for the tapekit course on one machine (hub/README.md says how to run it).

Start (from the repository root, after ``pip install -e '.[hub]'``):

    npm --prefix hub ci && .venv/bin/jupyterhub -f hub/jupyterhub_config.py

What it sets up, each from a standard tool: configurable-http-proxy from ``hub/node_modules``;
every student's server opens the nbgitpuller link to the course repository (a first visit
clones it into the student's home, later visits merge new material and keep the student's
edits); the "Python 3 (tapekit)" kernel; jupyterhub-idle-culler stops idle servers; nbgrader's
exchange for releasing and collecting assignments.  Settings come from environment variables
(``TAPEKIT_HUB_*``, below) so the tests and the capacity benchmark run the same file.

The default authenticator and spawner are for trying the hub out and for the tests
(``DummyAuthenticator``: any listed user with the shared password; ``SimpleLocalProcessSpawner``:
servers run as the hub's own user, homes under the state directory).  For a real class set
``TAPEKIT_HUB_AUTH=pam`` and ``TAPEKIT_HUB_SPAWNER=systemd`` (real Unix accounts, and
systemd enforces the memory and CPU limits below, which a plain local process spawner cannot),
or deploy on Kubernetes with hub/z2jh-values.yaml (the same settings, enforced by the cluster).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

c = get_config()  # noqa: F821 (JupyterHub provides it)

HERE = Path(__file__).resolve().parent
ENV = os.environ.get
STATE = Path(ENV("TAPEKIT_HUB_STATE", HERE / "state")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
BIN = Path(sys.executable).parent  # jupyterhub-singleuser of the same environment

# --- network: the public URL; the hub's and the proxy's internal ports -------------------
c.JupyterHub.bind_url = ENV("TAPEKIT_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{ENV('TAPEKIT_HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{ENV('TAPEKIT_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the students' servers
c.JupyterHub.cleanup_proxy = True

# --- who logs in --------------------------------------------------------------------------
# The class list: one user name per line in TAPEKIT_HUB_ROSTER (or a comma-separated
# TAPEKIT_HUB_USERS); the teacher is an admin.
roster = [u.strip() for u in ENV("TAPEKIT_HUB_USERS", "").split(",") if u.strip()]
if ENV("TAPEKIT_HUB_ROSTER"):
    roster += Path(ENV("TAPEKIT_HUB_ROSTER")).read_text().split()
teacher = ENV("TAPEKIT_HUB_TEACHER", "teacher")
c.Authenticator.admin_users = {teacher}
c.Authenticator.allowed_users = set(roster) | {teacher}
if ENV("TAPEKIT_HUB_AUTH", "dummy") == "dummy":
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = ENV("TAPEKIT_HUB_PASSWORD", "tapekit")
else:
    c.JupyterHub.authenticator_class = ENV("TAPEKIT_HUB_AUTH")  # "pam", or an OAuth one

# --- the students' servers ----------------------------------------------------------------
spawner = ENV("TAPEKIT_HUB_SPAWNER", "simple")
if spawner == "simple":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
    if os.getuid() == 0:  # servers run as the hub's user; in a container that is root
        c.Spawner.args = ["--allow-root"]
else:
    c.JupyterHub.spawner_class = spawner  # "systemd" (jupyterhub-systemdspawner), "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.start_timeout = int(ENV("TAPEKIT_HUB_START_TIMEOUT", "120"))
c.Spawner.http_timeout = int(ENV("TAPEKIT_HUB_START_TIMEOUT", "120"))
c.JupyterHub.concurrent_spawn_limit = int(ENV("TAPEKIT_HUB_SPAWN_LIMIT", "20"))
# Per student, from bench/results/capacity.json (bench/capacity.py; hub/README.md has the table;
# tests/hub/test_hub_values.py keeps these, hub/z2jh-values.yaml and that file in agreement):
# - memory guarantee 192M: a student's fair share after a lesson, kernel + Jupyter server PSS
#   (47 + 106 MiB), rounded up to 64 MiB: what a node must hold for every student it takes;
# - memory limit 512M: the most any student reached, the heaviest lesson run in full (the
#   kernel's peak RSS, 142 MiB, lesson "derivatives" with its plots) plus the server's RSS
#   (121 MiB), times 1.5 for the exercises and a student's own experiments, rounded up to
#   128 MiB; a TensorFlow class would need 1152M (its kernel alone peaks at 577 MiB RSS);
# - CPU guarantee 0.05: a student's sustained use is tiny (the busiest lesson, 3.3 s of CPU in
#   60 minutes), so the request only has to stop CPU from filling a node before memory does:
#   a 32 GiB node holds about 165 students at 192M, 8 cores / 165 ~ 0.05;
# - CPU limit 1: a kernel computes on one thread, so one core never slows a cell down.
# SimpleLocalProcessSpawner cannot enforce them (systemdspawner and KubeSpawner do).
c.Spawner.mem_guarantee = ENV("TAPEKIT_HUB_MEM_GUARANTEE", "192M")
c.Spawner.mem_limit = ENV("TAPEKIT_HUB_MEM_LIMIT", "512M")
c.Spawner.cpu_guarantee = float(ENV("TAPEKIT_HUB_CPU_GUARANTEE", "0.05"))
c.Spawner.cpu_limit = float(ENV("TAPEKIT_HUB_CPU_LIMIT", "1"))

# The default URL is the nbgitpuller link: the course repository is cloned into the home on
# the first visit and merged on later ones (nbgitpuller keeps the student's edits).
COURSE_REPO = ENV("TAPEKIT_COURSE_REPO", "https://github.com/tapekit/tapekit")
COURSE_BRANCH = ENV("TAPEKIT_COURSE_BRANCH", "main")
COURSE_DIR = ENV("TAPEKIT_COURSE_DIR", "tapekit")
COURSE_OPEN = ENV("TAPEKIT_COURSE_OPEN", f"lab/tree/{COURSE_DIR}/notebooks/README.md")
c.Spawner.default_url = (
    f"/git-pull?repo={quote(COURSE_REPO, safe='')}&branch={quote(COURSE_BRANCH)}"
    f"&targetpath={quote(COURSE_DIR)}&urlpath={quote(COURSE_OPEN, safe='')}"
)

# The "Python 3 (tapekit)" kernel (what `python -m tapekit install-kernel` installs), in a
# folder of the hub's own that every server reads; and nbgrader's student-side settings.
share = STATE / "share" / "jupyter"
if not (share / "kernels" / "tapekit" / "kernel.json").exists():  # tapekit's own command
    subprocess.run(
        [sys.executable, "-m", "tapekit", "install-kernel", "--prefix", str(STATE)], check=True
    )
EXCHANGE = Path(ENV("TAPEKIT_EXCHANGE", STATE / "exchange"))
EXCHANGE.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o1777)  # every student writes submissions there; nbgrader's documented mode
# nbgrader files a submission under the Unix user who submits it (the hub's user name only for
# `jovyan`, as in a Kubernetes image): with the "simple" spawner every server is the hub's own
# user, so the exchange cannot tell students apart; a class needs real accounts (pam + systemd)
# or Zero to JupyterHub (notebooks/README.md, "For teachers").
etc = STATE / "etc" / "jupyter"
etc.mkdir(parents=True, exist_ok=True)
(etc / "nbgrader_config.json").write_text(
    json.dumps(
        {
            "CourseDirectory": {"course_id": ENV("TAPEKIT_COURSE_ID", "tapekit")},
            "Exchange": {"root": str(EXCHANGE)},
        }
    )
)
# nbgrader's extensions by role, as nbgrader's docs set them out for a hub whose one teacher
# grades on their own server ("Using nbgrader with JupyterHub"): installing nbgrader turns all
# five on for everyone; a student needs only the assignment list (fetch, submit, feedback) and
# Validate, the teacher (the admin) also the formgrader, the course list and Create Assignment.
# A server reads its role's folder first (JUPYTER_CONFIG_PATH, below): the lab extensions are
# switched in labconfig/page_config.json, the server extensions in jupyter_server_config.json.
# hub/z2jh-values.yaml mounts the same files (tests/hub/test_hub_values.py compares them).
NBGRADER_PARTS = {  # lab extension -> its server extension (Create Assignment has none)
    "assignment-list": "assignment_list",
    "validate-assignment": "validate_assignment",
    "course-list": "course_list",
    "formgrader": "formgrader",
    "create-assignment": None,
}
NBGRADER_ROLES = {
    "student": {"assignment-list", "validate-assignment"},
    "teacher": set(NBGRADER_PARTS),
}
for role, wanted in NBGRADER_ROLES.items():
    (etc / role / "labconfig").mkdir(parents=True, exist_ok=True)
    lab = {f"@jupyter/nbgrader:{part}": part not in wanted for part in NBGRADER_PARTS}
    (etc / role / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": lab})
    )
    server = {
        f"nbgrader.server_extensions.{ext}": part in wanted
        for part, ext in NBGRADER_PARTS.items()
        if ext
    }
    (etc / role / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": server}})
    )


def config_path(spawner) -> str:
    """A server's config folders: its nbgrader role's first, then the hub's shared one."""
    role = "teacher" if spawner.user.admin else "student"
    return os.pathsep.join([str(etc / role), str(etc)])


# Kernels idle for an hour are shut down by the server itself (memory back to the machine).
(etc / "jupyter_server_config.json").write_text(
    json.dumps(
        {
            "MappingKernelManager": {
                "cull_idle_timeout": int(ENV("TAPEKIT_KERNEL_CULL", "3600")),
                "cull_interval": 300,
            }
        }
    )
)
c.Spawner.environment = {
    "JUPYTER_PATH": str(share),
    "JUPYTER_CONFIG_PATH": config_path,  # a callable: JupyterHub calls it at each spawn
    "MPLBACKEND": "Agg",
    # course/nbgrader_config.py reads these: the teacher's formgrader, run on the course folder
    # of the teacher's home, releases into this hub's exchange and not its /srv default
    "TAPEKIT_EXCHANGE": str(EXCHANGE),
    "TAPEKIT_COURSE_ID": ENV("TAPEKIT_COURSE_ID", "tapekit"),
}
c.Spawner.env_keep = [
    "PATH",
    "PYTHONPATH",
    "LANG",
    "LC_ALL",
    "VIRTUAL_ENV",
    "TAPEKIT_LANG",
    "TAPEKIT_PROGRESS",
]

# --- idle culling: servers with no activity for TAPEKIT_HUB_CULL seconds are stopped ------
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={ENV('TAPEKIT_HUB_CULL', '3600')}",
            "--cull-every=300",
        ],
    }
]
if ENV("TAPEKIT_HUB_ADMIN_TOKEN"):  # a token for scripts (the tests, the benchmark)
    c.JupyterHub.services.append(
        {"name": "course-admin", "api_token": ENV("TAPEKIT_HUB_ADMIN_TOKEN")}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "course-admin",
            "scopes": ["admin:users", "admin:servers", "tokens"],
            "services": ["course-admin"],
        }
    )
