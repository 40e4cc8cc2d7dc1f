"""A student without a browser: the hub's REST API, nbgitpuller and the kernel API.

Used by the hub's test (tests/hub/test_local_hub.py): log in with a password for a token, start the server, pull the
course with nbgitpuller, start a kernel and run cells over its websocket.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from urllib.parse import urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect


class Student:
    """One student's session on the hub at ``url`` (``http://127.0.0.1:PORT``)."""

    def __init__(self, url: str, name: str, password: str) -> None:
        self.url, self.name, self.password = url.rstrip("/"), name, password
        self.token = ""
        self.http = AsyncHTTPClient()

    async def _call(self, method: str, path: str, body=None, timeout: float = 60, **kw):
        headers = {"Authorization": f"token {self.token}"} if self.token else {}
        data = None if body is None else json.dumps(body)
        if method == "POST" and data is None:
            data = ""
        req = HTTPRequest(
            self.url + path,
            method=method,
            body=data,
            headers=headers,
            request_timeout=timeout,
            **kw,
        )
        resp = await self.http.fetch(req, raise_error=True)
        return json.loads(resp.body) if resp.body and resp.body[:1] in b"{[" else resp.body

    async def login(self) -> None:
        """A token from the hub, by user name and password (no browser, no cookie)."""
        auth = {"auth": {"username": self.name, "password": self.password}}
        reply = await self._call("POST", f"/hub/api/users/{self.name}/tokens", auth)
        self.token = reply["token"]

    async def start_server(self, timeout: float = 120) -> float:
        """Spawn the student's server and wait until it answers; returns the seconds taken."""
        start = time.perf_counter()
        await self._call("POST", f"/hub/api/users/{self.name}/server")
        while time.perf_counter() - start < timeout:
            user = await self._call("GET", f"/hub/api/users/{self.name}")
            server = user.get("servers", {}).get("", {})
            if server.get("ready"):
                await self._call("GET", f"/user/{self.name}/api/status")
                return time.perf_counter() - start
            await asyncio.sleep(0.25)
        raise TimeoutError(f"{self.name}'s server did not start in {timeout} s")

    async def stop_server(self) -> None:
        await self._call("DELETE", f"/hub/api/users/{self.name}/server")

    async def git_pull(self, repo: str, branch: str, targetpath: str) -> list[dict]:
        """What a student's click on the nbgitpuller link does: clone, or merge keeping edits."""
        query = urlencode({"repo": repo, "branch": branch, "targetpath": targetpath})
        raw = await self._call("GET", f"/user/{self.name}/git-pull/api?{query}", timeout=120)
        events = [
            json.loads(line[5:])
            for line in raw.decode().splitlines()
            if line.startswith("data:") and line[5:].strip()
        ]
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"nbgitpuller failed for {self.name}: {events[-3:]}")
        return events

    async def page_config(self, page: str = "lab") -> dict:
        """The config JupyterLab's page hands the browser (which plugins it leaves out)."""
        html = (await self._call("GET", f"/user/{self.name}/{page}")).decode()
        start = html.index(">", html.index('id="jupyter-config-data"')) + 1
        return json.loads(html[start : html.index("</script>", start)])

    async def status(self, path: str) -> int:
        """The HTTP status of a page of the student's server (404: nothing serves it)."""
        try:
            await self._call("GET", f"/user/{self.name}/{path}")
        except HTTPClientError as e:
            return e.code
        return 200

    async def contents(self, path: str) -> dict:
        return await self._call("GET", f"/user/{self.name}/api/contents/{path}")

    async def save_file(self, path: str, text: str) -> None:
        body = {"type": "file", "format": "text", "content": text}
        await self._call("PUT", f"/user/{self.name}/api/contents/{path}", body)

    async def start_kernel(self, kernel: str = "tapekit") -> Kernel:
        reply = await self._call("POST", f"/user/{self.name}/api/kernels", {"name": kernel})
        ws_url = self.url.replace("http", "ws", 1)
        req = HTTPRequest(
            f"{ws_url}/user/{self.name}/api/kernels/{reply['id']}/channels",
            headers={"Authorization": f"token {self.token}"},
            request_timeout=60,
        )
        return Kernel(self, reply["id"], await websocket_connect(req, max_message_size=1 << 26))

    async def shutdown_kernel(self, kernel_id: str) -> None:
        await self._call("DELETE", f"/user/{self.name}/api/kernels/{kernel_id}")


class Kernel:
    """A kernel on a student's server, driven over the Jupyter server's websocket."""

    def __init__(self, student: Student, kernel_id: str, ws) -> None:
        self.student, self.id, self.ws = student, kernel_id, ws
        self.session = uuid.uuid4().hex

    async def execute(self, code: str, timeout: float = 120) -> dict:
        """Run one cell; returns {'stdout', 'stderr', 'results', 'error', 'seconds'}."""
        msg_id = uuid.uuid4().hex
        msg = {
            "header": {
                "msg_id": msg_id,
                "username": self.student.name,
                "session": self.session,
                "msg_type": "execute_request",
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": {},
            "content": {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            "channel": "shell",
        }
        out = {"stdout": "", "stderr": "", "results": [], "error": None}
        start = time.perf_counter()
        await self.ws.write_message(json.dumps(msg))
        idle = replied = False
        while not (idle and replied):
            left = timeout - (time.perf_counter() - start)
            raw = await asyncio.wait_for(self.ws.read_message(), max(left, 0.01))
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            reply = json.loads(raw)
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = reply["msg_type"], reply["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind in ("execute_result", "display_data"):
                out["results"].append(content["data"])
            elif kind == "error":
                out["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        out["seconds"] = time.perf_counter() - start
        return out

    async def close(self) -> None:
        self.ws.close()
        await self.student.shutdown_kernel(self.id)
