"""Split the flat tests/ folder into tests/core/ and tests/app/, with `git mv`.

A test module is an *app* module when it starts the app: it uses `run_test`,
`snap_compare` or a `pilot`. Every other module is *core* (no app start: the fast inner
loop, `make test-core`). Snapshot folders follow their module
(tests/__snapshots__/<module>/ -> tests/app/__snapshots__/<module>/, where
pytest-textual-snapshot looks for them). conftest.py, the shared helpers (builders,
screen_text, export_records, ...) and data/ stay in tests/, importable as `tests.<name>`
from both halves; each half gets an `__init__.py`.

    python scripts/split_tests.py            # show what would move
    python scripts/split_tests.py --move     # git mv it all
    python scripts/split_tests.py --check    # exit 1 if a module is in the wrong half
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
HALVES = ("core", "app")
APP_NAMES = frozenset({"run_test", "snap_compare", "pilot", "Pilot"})
"""Names whose use means the module starts the app."""


def starts_the_app(path: Path) -> bool:
    """True when the module's code (not its strings or comments) uses an app-start name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in APP_NAMES:
            return True
        if isinstance(node, ast.Attribute) and node.attr in APP_NAMES:
            return True
        if isinstance(node, ast.arg) and node.arg in APP_NAMES:
            return True
        if isinstance(node, ast.alias) and node.name.rsplit(".", 1)[-1] in APP_NAMES:
            return True
    return False


def classify(path: Path) -> str:
    return "app" if starts_the_app(path) else "core"


def test_modules() -> list[Path]:
    """Every test module, flat or already split."""
    found = sorted(TESTS.glob("test_*.py"))
    for half in HALVES:
        found += sorted((TESTS / half).glob("test_*.py"))
    return found


def git_mv(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["git", "mv", str(source.relative_to(ROOT)), str(target.relative_to(ROOT))],
        cwd=ROOT,
        check=True,
    )


def ensure_package(folder: Path, half: str) -> None:
    init = folder / "__init__.py"
    if not init.exists():
        folder.mkdir(parents=True, exist_ok=True)
        what = "start the app (pilot, snapshots)" if half == "app" else "never start the app"
        init.write_text(f'"""Tests that {what}: see scripts/split_tests.py."""\n')
        subprocess.run(["git", "add", str(init.relative_to(ROOT))], cwd=ROOT, check=True)


def rewrite_mentions() -> int:
    """`tests/<module>.py` -> `tests/<half>/<module>.py` in tracked text files; the count."""
    where = {path.stem: path.parent.name for path in test_modules() if path.parent != TESTS}
    if not where:
        return 0
    mention = re.compile(r"(?<![\w/])tests/(" + "|".join(map(re.escape, where)) + r")\.py\b")
    listed = subprocess.run(
        ["git", "ls-files", "*.md", "*.py", "*.toml", "Makefile"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    changed = 0
    for name in listed:
        path = ROOT / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # test data that is deliberately not UTF-8
            continue
        new = mention.sub(lambda m: f"tests/{where[m.group(1)]}/{m.group(1)}.py", text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
            print(f"      mentions updated in {name}")
    return changed


def plan() -> list[tuple[Path, str]]:
    """(module, the half it belongs in) for every test module."""
    return [(path, classify(path)) for path in test_modules()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--move", action="store_true", help="git mv modules and snapshots")
    action.add_argument("--check", action="store_true", help="fail if a module is misplaced")
    args = parser.parse_args(argv)

    misplaced = 0
    for path, half in plan():
        where = path.parent.name if path.parent != TESTS else "tests"
        if where == half:
            continue
        misplaced += 1
        target = TESTS / half / path.name
        snapshots = path.parent / "__snapshots__" / path.stem
        print(f"{half:4}  {path.relative_to(ROOT)} -> {target.relative_to(ROOT)}")
        if args.move:
            ensure_package(TESTS / half, half)
            git_mv(path, target)
            if snapshots.is_dir():
                moved = TESTS / half / "__snapshots__" / path.stem
                print(f"      {snapshots.relative_to(ROOT)} -> {moved.relative_to(ROOT)}")
                git_mv(snapshots, moved)
    if args.move:
        for half in HALVES:
            ensure_package(TESTS / half, half)
        old = TESTS / "__snapshots__"
        if old.is_dir() and not any(old.iterdir()):
            old.rmdir()
        rewrite_mentions()
    if args.check and misplaced:
        print(f"{misplaced} test module(s) in the wrong place", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
