"""Test helpers: a real `kb serve` subprocess, the `kb` command, small real file systems (tmpfs, read-only binds)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.settings import PROJECT_ROOT

FREIGHT = "二连浩特口岸1-11月进出口货运量是多少？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kb(*args: str | bytes, env: dict[str, str] | None = None, stdin: bytes | str | None = None,
       timeout: float = 300) -> subprocess.CompletedProcess:
    """`kb ARGS` as a user runs it; output decoded leniently (a test may feed it invalid bytes)."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    out = subprocess.run([sys.executable, "-m", "kb.cli", *args], input=data, capture_output=True,
                         env={**os.environ, **(env or {})}, cwd=PROJECT_ROOT, timeout=timeout)
    out.stdout = out.stdout.decode("utf-8", "replace")
    out.stderr = out.stderr.decode("utf-8", "replace")
    return out


def copy_store(src: Path, dst: Path) -> Path:
    """A data dir holding a copy of `src`'s index: a real store to break without touching the shared one."""
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / "chroma", dst / "chroma")
    return dst


class KbServe:
    """`kb serve` as a subprocess on a free port, with its own environment."""

    def __init__(self, data_dir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.data_dir, self.args, self.port = data_dir, args, free_port()
        self.env = {**os.environ, "KB_DATA_DIR": str(data_dir), "KB_PORT": str(self.port), **(env or {})}
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = data_dir.parent / f"serve-{self.port}.log"

    def start(self, timeout: float = 240) -> KbServe:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", *self.args], env=self.env,
                                         cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kb serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if self.get("/")[0] == 200:  # the page: what any version of `kb serve` answers once up
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"kb serve did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, headers=headers)

    def ask(self, body: object, raw: bytes | None = None, **headers: str) -> tuple[int, dict]:
        data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
        status, _, out = self.request("POST", "/api/ask", data, {"Content-Type": "application/json", **headers})
        return status, json.loads(out)


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[bool]:
    """A real small file system at `path` (needs root, as CI has); yields False where it cannot be mounted."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextmanager
def read_only(src: Path, dst: Path) -> Iterator[bool]:
    """`src` seen read-only at `dst` (a read-only bind mount: even root cannot write there)."""
    dst.mkdir(parents=True, exist_ok=True)
    ok = subprocess.run(["mount", "--bind", str(src), str(dst)], capture_output=True).returncode == 0
    ok = ok and subprocess.run(["mount", "-o", "remount,bind,ro", str(dst)], capture_output=True).returncode == 0
    try:
        yield ok
    finally:
        subprocess.run(["umount", "-l", str(dst)], capture_output=True)


def remount(path: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True, capture_output=True)
