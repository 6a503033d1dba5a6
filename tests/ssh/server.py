"""A throwaway OpenSSH server on 127.0.0.1 for end-to-end tests and the benchmark.

Key login only, with its own config, host key, client key and authorized_keys in a temporary
directory, on a free port; run in the foreground (``sshd -D``) and stopped by its pid. The
latency relay (``relay.py``) runs beside it as a process of its own, also stopped by pid.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

RELAY = Path(__file__).resolve().with_name("relay.py")
SSHD_CANDIDATES = ("/usr/sbin/sshd", "/usr/local/sbin/sshd", "/sbin/sshd")


def sshd_binary() -> str | None:
    found = shutil.which("sshd")
    return found or next((c for c in SSHD_CANDIDATES if os.access(c, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a process we started, by its pid."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


@dataclass(frozen=True)
class Login:
    """How to log in to the throwaway server."""

    directory: Path
    port: int
    user: str
    key: Path

    def command(self, remote: str, *, port: int | None = None, send_env: Sequence[str] = ()) -> list[str]:
        """``ssh -tt`` running ``remote`` (a shell command line), through ``port`` (a relay) if given."""
        options = {
            "UserKnownHostsFile": str(self.directory / "known_hosts"),
            "StrictHostKeyChecking": "no",
            "IdentitiesOnly": "yes",
            "PasswordAuthentication": "no",
            "BatchMode": "yes",
            "LogLevel": "ERROR",
            "ConnectTimeout": "20",
        }
        argv = ["ssh", "-F", "/dev/null", "-tt", "-i", str(self.key), "-p", str(port or self.port)]
        for name, value in options.items():
            argv += ["-o", f"{name}={value}"]
        for name in send_env:
            argv += ["-o", f"SendEnv={name}"]
        return [*argv, f"{self.user}@127.0.0.1", remote]


def remote_command(argv: Sequence[str], env: Mapping[str, str], pid_file: Path | None = None) -> str:
    """A shell command line for the server: set ``env``, note the pid, and exec ``argv``."""
    words = ["exec", "env", *(f"{k}={v}" for k, v in env.items()), *argv]
    line = " ".join(shlex.quote(w) for w in words)
    if pid_file is not None:
        line = f"echo $$ > {shlex.quote(str(pid_file))}; {line}"  # exec keeps the pid
    return f"cd / && {line}"


def explorer_argv(db: Path, *args: str) -> list[str]:
    """The explorer on the server: this venv's python by its absolute path (the login's PATH lacks it)."""
    return [sys.executable, "-m", "aiplan_tui", "--db", str(db), *args]


CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {dir}/host_ed25519
PidFile {dir}/sshd.pid
AuthorizedKeysFile {dir}/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
AcceptEnv LANG LC_*
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
UseDNS no
LogLevel ERROR
"""


@contextlib.contextmanager
def sshd(directory: Path) -> Iterator[Login]:
    """A running sshd with its files under ``directory``; stopped (by pid) on exit."""
    binary = sshd_binary()
    if binary is None:
        raise RuntimeError("sshd is not installed (apt-get install openssh-server; .ci/run does it)")
    directory.mkdir(parents=True, exist_ok=True)
    for name, kind in (("host_ed25519", "host"), ("client_ed25519", "client")):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"aiplan-test-{kind}", "-f", str(directory / name)],
            check=True,
        )
    (directory / "authorized_keys").write_text((directory / "client_ed25519.pub").read_text())
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # the privilege-separation directory
    error: Exception | None = None
    for _ in range(3):  # a free port may be taken between choosing it and binding it
        port = free_port()
        config = directory / "sshd_config"
        config.write_text(CONFIG.format(port=port, dir=directory))
        process = subprocess.Popen([binary, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
        try:
            wait_for_port(port, process)
        except RuntimeError as failed:
            stop(process)
            stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
            error = RuntimeError(f"sshd did not start: {failed}\n{stderr}")
            continue
        try:
            yield Login(directory, port, getpass.getuser(), directory / "client_ed25519")
        finally:
            stop(process)
        return
    assert error is not None
    raise error


class Relay:
    """The latency relay in front of the server: ``delay`` seconds each way."""

    def __init__(self, target: int, delay: float, lifetime: float = 300.0) -> None:
        self.delay = delay
        self.process = subprocess.Popen(
            [sys.executable, str(RELAY), str(target), str(delay), "--lifetime", str(lifetime)],
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        stop(self.process)

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
