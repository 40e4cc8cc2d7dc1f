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
# Per student, from bench/hub_capacity.py (see hub/README.md): a tapekit student peaks at
# about 0.2 GiB (server + kernel); the guarantee and the limit leave room for plots.
c.Spawner.mem_guarantee = ENV("TAPEKIT_HUB_MEM_GUARANTEE", "256M")
c.Spawner.mem_limit = ENV("TAPEKIT_HUB_MEM_LIMIT", "1G")
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
if not (share / "kernels" / "tapekit" / "kernel.json").exists():
    from tapekit.notebook.kernelspec import install_kernel

    install_kernel(prefix=str(STATE))
EXCHANGE = Path(ENV("TAPEKIT_EXCHANGE", STATE / "exchange"))
EXCHANGE.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o1777)  # every student writes submissions there; nbgrader's documented mode
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
    "JUPYTER_CONFIG_PATH": str(etc),
    "MPLBACKEND": "Agg",
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
