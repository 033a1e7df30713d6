"""Type-check the product under the names it is installed as: `mypy` over the package `powermap`.

    .venv/bin/python scripts/typecheck.py [extra mypy arguments]

`pyproject.toml` installs the card's top-level folders (`api/`, `graph/`, ...) as `powermap.api`,
`powermap.graph`, ... through `[tool.setuptools.package-dir]`. The editable install serves those
names through setuptools' import hook, which mypy cannot follow, and mypy has no way to check a
folder under another name. So this script lays a tree of symbolic links in `build/typecheck/` that
mirrors the installed layout, read from that same table, and runs mypy with the settings of
`[tool.mypy]` (which finds the tree through `mypy_path` and checks `packages = ["powermap"]`).
Findings are printed with the checkout's own paths (`api/app.py`, not the link), so an editor or a
CI log points at the file to fix. The exit status is mypy's.
"""

import os
import shutil
import sys
import tomllib
from pathlib import Path

from mypy import api as mypy

REPO_ROOT = Path(__file__).resolve().parents[1]
TREE = REPO_ROOT / "build" / "typecheck"


def package_folders() -> dict[str, str]:
    """The installed package name of each folder of the checkout, as pyproject.toml declares it."""
    with (REPO_ROOT / "pyproject.toml").open("rb") as pyproject:
        folders: dict[str, str] = tomllib.load(pyproject)["tool"]["setuptools"]["package-dir"]
    return folders


def lay_tree(folders: dict[str, str]) -> None:
    """Link each folder at its installed place; a package that holds mapped sub-packages is a real
    folder whose own files are linked one by one, so the sub-packages can sit beside them."""
    shutil.rmtree(TREE, ignore_errors=True)
    for package in sorted(folders, key=lambda name: name.count(".")):
        place = TREE.joinpath(*package.split("."))
        source = REPO_ROOT / folders[package]
        nested = {name.split(".")[package.count(".") + 1] for name in folders if name.startswith(package + ".")}
        if not nested:
            place.symlink_to(source, target_is_directory=True)
            continue
        place.mkdir(parents=True)
        for child in source.iterdir():
            if child.name not in nested and child.name != "__pycache__":
                (place / child.name).symlink_to(child)


def checkout_paths(report: str, folders: dict[str, str]) -> str:
    """Rewrite the link tree's paths in mypy's report to the checkout's paths."""
    prefixes = sorted(folders, key=len, reverse=True)
    lines = []
    for line in report.splitlines(keepends=True):
        for package in prefixes:
            linked = f"{TREE.relative_to(REPO_ROOT)}/{package.replace('.', '/')}/"
            if line.startswith(linked):
                line = folders[package] + "/" + line.removeprefix(linked)
                break
        lines.append(line)
    return "".join(lines)


def main() -> int:
    os.chdir(REPO_ROOT)  # mypy reports paths relative to where it runs
    folders = package_folders()
    lay_tree(folders)
    report, errors, status = mypy.run(["--config-file", str(REPO_ROOT / "pyproject.toml"), *sys.argv[1:]])
    sys.stdout.write(checkout_paths(report, folders))
    sys.stderr.write(errors)
    return status


if __name__ == "__main__":
    sys.exit(main())
