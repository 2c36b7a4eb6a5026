"""A throwaway PostgreSQL server for the test session: 127.0.0.1, a free port, a temp directory.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user
(created by Debian's package); otherwise as the current user. It is stopped by its process id.
Durability is switched off (fsync) because these databases are thrown away; benchmarks don't.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(out.stdout.strip())
    candidates += sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian's postgresql"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    directory: Path
    port: int
    pid: int
    run_as: str | None

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """SIGINT (fast shutdown) to the postmaster's pid; done when it removes its pid file.

        The postmaster is not our child, so its exit may never be reaped here: polling the pid
        would wait on a zombie. PostgreSQL deletes postmaster.pid as the last step of shutdown.
        """
        pid_file = self.directory / "data" / "postmaster.pid"
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGINT)
            for _ in range(200):
                if not pid_file.exists():
                    break
                time.sleep(0.05)
            else:
                os.kill(self.pid, signal.SIGKILL)
        shutil.rmtree(self.directory, ignore_errors=True)


def _run(cmd: list[str], run_as: str | None) -> None:
    if run_as:
        cmd = ["runuser", "-u", run_as, "--", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(cmd[:4])}… failed: {result.stderr.strip()[:500]}")


def start(*, durable: bool = False) -> PostgresServer:
    """A new server; `durable=True` keeps fsync on (benchmarks), the default turns it off."""
    bindir = _bindir()
    run_as = None
    directory = Path(tempfile.mkdtemp(prefix="yipay-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root needs a 'postgres' OS user") from None
        run_as = "postgres"
        os.chown(directory, user.pw_uid, user.pw_gid)
        directory.chmod(0o700)
    data = directory / "data"
    _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        run_as,
    )
    port = _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c max_connections=100"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-t",
            "60",
            "-l",
            str(directory / "server.log"),
            "-o",
            options,
            "start",
        ],
        run_as,
    )
    pid = int((data / "postmaster.pid").read_text().splitlines()[0])
    return PostgresServer(directory=directory, port=port, pid=pid, run_as=run_as)
