"""Builds the flotilla wheel that the appliance bundles (run by Maven at generate-resources).

Usage: python3 build_wheel.py <client source dir> <output dir>

Runs ``python -m pip wheel --no-deps`` on a clean copy of the client sources (so stale ``build/`` or
``*.egg-info`` folders in the source tree never leak into the wheel, and the build writes nothing
there), with SOURCE_DATE_EPOCH fixed so that unchanged sources give a byte-identical wheel (and the
appliance keeps its cached runtime). Removes earlier wheels from the output dir and writes
``flotilla-wheel.txt`` naming the one wheel built. pip's own output is printed; any failure exits
non-zero, which fails the Maven build.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

IGNORED = shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache",
                                 "tests", ".venv", "venv")
INDEX_FILE = "flotilla-wheel.txt"


def main(source: pathlib.Path, out: pathlib.Path) -> int:
    if not (source / "pyproject.toml").is_file():
        print(f"build_wheel: no pyproject.toml in {source}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        old.unlink()
    (out / INDEX_FILE).unlink(missing_ok=True)
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "315532800")  # 1980-01-01, the earliest date a zip entry can carry
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    with tempfile.TemporaryDirectory(prefix="flotilla-wheel-") as tmp:
        copy = pathlib.Path(tmp) / "client"
        shutil.copytree(source, copy, ignore=IGNORED)
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-input", str(copy), "-w", str(out)]
        print("build_wheel: " + " ".join(command), flush=True)
        result = subprocess.run(command, env=env, cwd=tmp, check=False)
    if result.returncode != 0:
        print(f"build_wheel: pip wheel failed with exit code {result.returncode} (its output is above)",
              file=sys.stderr)
        return result.returncode
    wheels = sorted(out.glob("flotilla-*.whl"))
    if len(wheels) != 1:
        print(f"build_wheel: expected one flotilla wheel in {out}, found {[w.name for w in wheels]}",
              file=sys.stderr)
        return 3
    (out / INDEX_FILE).write_text(wheels[0].name + "\n", encoding="utf-8")
    print(f"build_wheel: bundled {wheels[0].name}", flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()))
