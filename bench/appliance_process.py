"""The appliance as a child process on embedded defaults (embedded PostgreSQL, local provider)."""

from __future__ import annotations

import os
import secrets
import subprocess
import urllib.error
import urllib.request

from processes import free_port, kill_processes_under, spawn, stop
from waiting import wait_until

MAIN_CLASS = "io.flotilla.Application"


def _run(argv: list[str], cwd: str) -> None:
    print("  $ " + " ".join(argv), flush=True)
    subprocess.run(argv, cwd=cwd, check=True, timeout=1800)


def launch_command(repo: str, build: bool, jar: str | None = None) -> list[str]:
    """The java arguments after the JVM options: ``-jar JAR`` when a runnable jar is given, else
    ``-cp app/target/classes:<app's dependencies> io.flotilla.Application``, building the app module first
    if asked or if it was never built."""
    if jar:
        return ["-jar", jar]
    classes = os.path.join(repo, "app", "target", "classes")
    if build or not os.path.isdir(classes):
        _run(["mvn", "-B", "-ntp", "-q", "-DskipTests", "package", "-pl", "app", "-am"], repo)
    classpath_file = os.path.join(repo, "app", "target", "bench-classpath.txt")
    if build or not os.path.isfile(classpath_file):
        _run(["mvn", "-B", "-ntp", "-q", "-pl", "app", "dependency:build-classpath",
              f"-Dmdep.outputFile={classpath_file}"], repo)
    with open(classpath_file) as f:
        dependencies = f.read().strip()
    return ["-cp", classes + os.pathsep + dependencies, MAIN_CLASS]


class Appliance:
    """Start with :meth:`start`, end with :meth:`close` (also kills cluster processes it left behind)."""

    def __init__(self, repo: str, data_dir: str, python: str, extra_env: dict[str, str], build: bool = False,
                 jar: str | None = None):
        self.repo = repo
        self.jar = jar
        self.data_dir = data_dir
        self.python = python
        self.extra_env = extra_env
        self.build = build
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = "bench-" + secrets.token_urlsafe(32)
        self.log_path = os.path.join(data_dir, "appliance.log")
        self.database_dir = os.path.join(data_dir, "postgres")  # where the embedded PostgreSQL keeps its files
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        """The caller's environment without its FLOTILLA_* settings (embedded defaults, whatever the shell
        says), plus the benchmark's settings and ``extra_env``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLOTILLA_")}
        env.update({
            "FLOTILLA_PORT": str(self.port),
            "FLOTILLA_DATA_DIR": self.data_dir,
            "FLOTILLA_ADMIN_TOKEN": self.admin_token,
            "FLOTILLA_CONSOLE_ENABLED": "false",
            "FLOTILLA_LOCAL_PYTHON": self.python,
            "FLOTILLA_CLUSTERS_HEARTBEAT_INTERVAL": "1s",
            "FLOTILLA_CLUSTERS_STOP_GRACE": "5s",
        })
        env.update(self.extra_env)
        return env

    def environment_summary(self) -> dict[str, str]:
        """The FLOTILLA_* settings the appliance runs with, without the admin token."""
        return {k: v for k, v in self.environment().items()
                if k.startswith("FLOTILLA_") and k != "FLOTILLA_ADMIN_TOKEN"}

    def start(self, timeout: float = 300.0) -> None:
        """Launch the JVM and wait until GET /health answers 200."""
        command = ["java", "-Xmx768m"] + launch_command(self.repo, self.build, self.jar)
        os.makedirs(self.data_dir, exist_ok=True)
        self.process = spawn(command, self.environment(), self.log_path, cwd=self.data_dir)
        wait_until(self._healthy, timeout, f"appliance /health (log: {self.log_path})", interval=0.5)

    def _healthy(self) -> bool | None:
        if self.process.poll() is not None:
            raise RuntimeError(f"the appliance exited with {self.process.returncode}; log: {self.log_path}")
        try:
            with urllib.request.urlopen(self.url + "/health", timeout=5) as response:
                return True if response.status == 200 else None
        except (urllib.error.URLError, OSError):
            return None

    def close(self) -> None:
        """Stop the JVM (SIGTERM, then SIGKILL after 30 s) and kill any cluster process left in its data dir."""
        if self.process is not None:
            stop([self.process], grace=30.0)
        leftovers = kill_processes_under(self.data_dir)
        if leftovers:
            print(f"  killed {len(leftovers)} cluster process(es) the appliance left behind: {leftovers}")
