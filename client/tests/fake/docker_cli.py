"""A fake ``docker`` (or ``podman``) command for the agent's container mode: test code, put first on PATH.

``login`` reads the password from standard input; ``pull`` checks nothing; ``run`` checks the options the agent
must give (``--rm``, ``--network host``, each ``--volume SRC:DST:ro`` with SRC == DST an existing directory (``:rw`` only for a ``state`` directory), ``--env
NAME`` for variables it has) and then runs the command after the image *natively*: the image's interpreter
``/opt/flotilla/env/bin/python`` is replaced by the Python that runs this script, and the process gets only the
variables passed with ``--env`` (plus this script's PATH, standing for the image's own). Every call is appended as
one JSON line to ``$FAKE_DOCKER_LOG``: argv, and for ``login`` the password it received.
"""

import json
import os
import sys

IMAGE_PYTHON = "/opt/flotilla/env/bin/python"


def record(entry: dict) -> None:
    with open(os.environ["FAKE_DOCKER_LOG"], "a") as f:
        f.write(json.dumps(entry) + "\n")


def fail(message: str) -> None:
    print(f"fake docker: {message}", file=sys.stderr)
    sys.exit(125)


def run(args: list[str]) -> None:
    env, i, options = {"PATH": os.environ.get("PATH", "")}, 0, set()
    while i < len(args) and args[i].startswith("--"):
        option = args[i]
        if option in ("--rm",):
            options.add(option)
            i += 1
            continue
        value = args[i + 1]
        if option == "--env":
            if "=" in value:
                fail(f"--env {value}: a value on the command line")
            if value in os.environ:
                env[value] = os.environ[value]
        elif option == "--volume":
            source, target, mode = value.split(":")
            writable = mode == "rw" and os.path.basename(source) == "state"  # the self-stop marker's directory only
            if source != target or not (mode == "ro" or writable) or not os.path.isdir(source):
                fail(f"--volume {value}: not a read-only mount (or the state directory) at the same path")
        elif option == "--network" and value != "host":
            fail("--network must be host")
        options.add(option)
        i += 2
    if not {"--rm", "--network", "--volume"} <= options:
        fail(f"missing options: {args}")
    command = args[i + 1:]
    if not command or command[0] != IMAGE_PYTHON:
        fail(f"the command does not use the image's interpreter: {command}")
    os.execve(sys.executable, [sys.executable, *command[1:]], env)


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["login"]:
        record({"argv": sys.argv, "password": sys.stdin.read()})
        print("Login Succeeded")
    elif args[:1] == ["pull"]:
        record({"argv": sys.argv})
    elif args[:1] == ["run"]:
        record({"argv": sys.argv})
        run(args[1:])
    else:
        fail(f"unexpected command {args}")


if __name__ == "__main__":
    main()
