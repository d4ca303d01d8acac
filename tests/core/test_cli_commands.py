"""The command line: every command a module of `sdm_tui.cli`, registered once, listed by
`--help`, imported only when it runs; the core packages keep no argparse and print nothing."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import itertools
import os
import pkgutil
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

import sdm_tui.cli
from sdm_tui.cli import COMMANDS, main
from tests.builders import ROOT

CORE = ["aid", "consultation", "export", "store", "rehearsal", "report", "settings"]
"""The core packages of sdm_tui: no UI, no command line."""


def _fresh_python(script: str) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("TEXTUAL_LOG", None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def _command_modules() -> list[str]:
    """The modules of sdm_tui.cli that are commands: they have `configure` and `run`."""
    found = []
    for info in pkgutil.iter_modules(sdm_tui.cli.__path__):
        if info.name == "__main__":  # `python -m sdm_tui.cli`: importing it runs main()
            continue
        module = importlib.import_module(f"sdm_tui.cli.{info.name}")
        if callable(getattr(module, "configure", None)) and callable(getattr(module, "run", None)):
            found.append(info.name)
    return sorted(found)


# -- registration ----------------------------------------------------------------------------


def test_every_command_module_is_registered_once() -> None:
    names = [command.name for command in COMMANDS]
    assert [name for name, n in Counter(names).items() if n > 1] == []
    assert sorted(name.replace("-", "_") for name in names) == _command_modules()
    assert len(names) == 12  # facts (#16), observe (#21) and follow-up (#18) are the newest
    for command in COMMANDS:
        assert command.module == f"sdm_tui.cli.{command.name.replace('-', '_')}"
        assert command.help


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    help_text = capsys.readouterr().out
    help_lines = help_text.splitlines()
    # argparse puts a long command's help on the next line: read the two as one
    help_lines += [a + " " + b for a, b in itertools.pairwise(help_lines)]
    for command in COMMANDS:
        assert any(line.split() == [command.name, *command.help.split()] for line in help_lines), (
            command.name
        )


def test_the_console_script_is_main_and_python_m_runs_it() -> None:
    [script] = importlib.metadata.entry_points(group="console_scripts", name="sdm-tui")
    assert script.value == "sdm_tui.cli:main"
    assert script.load() is main
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "sdm_tui.cli", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert all(command.name in done.stdout for command in COMMANDS)


# -- lazy imports ----------------------------------------------------------------------------


def test_run_imports_no_other_command_and_starts_without_the_collector() -> None:
    """`sdm-tui run` with the app replaced by a stand-in: what the command line loaded."""
    done = _fresh_python(
        """
        import gc, sys, types

        class StandIn:
            return_code = 3
            def run(self):
                self.collecting = gc.isenabled()

        made = []
        def make_app(**kwargs):
            made.append(StandIn())
            return made[-1]

        sys.modules["sdm_tui.app.factory"] = types.SimpleNamespace(make_app=make_app)
        from sdm_tui.cli import main

        code = main(["run", "--no-recovery"])
        loaded = sorted(n for n in sys.modules if n.startswith("sdm_tui.cli."))
        print(code, made[0].collecting, *loaded)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "False", "sdm_tui.cli.run"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["check", "--list-rules"],
            "sdm_tui.cli.arguments sdm_tui.cli.check sdm_tui.cli.neutral_output",
        ),
        (["settings"], "sdm_tui.cli.neutral_output sdm_tui.cli.settings"),
    ],
)
def test_a_command_loads_only_its_own_module_and_no_textual(argv: list[str], expected: str) -> None:
    done = _fresh_python(
        f"""
        import contextlib, io, sys
        from sdm_tui.cli import main

        with contextlib.redirect_stdout(io.StringIO()):
            code = main({argv!r})
        loaded = sorted(n for n in sys.modules if n.startswith("sdm_tui.cli."))
        print(code, "textual" in sys.modules, *loaded)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False", *expected.split()]


# -- the core --------------------------------------------------------------------------------


def _core_files() -> list[Path]:
    return sorted(path for name in CORE for path in (ROOT / "sdm_tui" / name).rglob("*.py"))


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _is_standard_stream(node: ast.Attribute) -> bool:
    """`sys.stdout` or `sys.stderr`."""
    return _is_name(node.value, "sys") and node.attr in ("stdout", "stderr")


def _command_line_uses(source: str, name: str) -> list[str]:
    """Where `source` imports argparse, calls print() or uses sys.stdout / sys.stderr."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import) and any(a.name == "argparse" for a in node.names):
            found.append(f"{where}: import argparse")
        elif isinstance(node, ast.ImportFrom) and node.module == "argparse":
            found.append(f"{where}: from argparse import")
        elif isinstance(node, ast.Call) and _is_name(node.func, "print"):
            found.append(f"{where}: print()")
        elif isinstance(node, ast.Attribute) and _is_standard_stream(node):
            found.append(f"{where}: sys.{node.attr}")
    return found


def test_the_core_has_no_argparse_and_prints_nothing() -> None:
    files = _core_files()
    assert len(files) > 40  # every core package was found
    uses = [
        use
        for path in files
        for use in _command_line_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert uses == []


def test_the_finder_sees_each_kind_of_command_line_use() -> None:
    """The check above can fail: it finds each kind of use, and where."""
    source = "import argparse\nfrom argparse import Namespace\nimport sys\nprint('x')\n"
    source += "sys.stderr.write('y')\nconsole.print('fine: not the built-in')\n"
    assert sorted(_command_line_uses(source, "x.py")) == [
        "x.py:1: import argparse",
        "x.py:2: from argparse import",
        "x.py:4: print()",
        "x.py:5: sys.stderr",
    ]


def test_importing_the_core_loads_no_argparse_rich_or_textual() -> None:
    """Every module of every core package, in a fresh interpreter."""
    done = _fresh_python(
        f"""
        import importlib, pkgutil, sys

        for package in {[f"sdm_tui.{name}" for name in CORE]!r}:
            module = importlib.import_module(package)
            for info in pkgutil.walk_packages(module.__path__, package + "."):
                importlib.import_module(info.name)
                for unwanted in ("argparse", "rich", "textual"):
                    if unwanted in sys.modules:
                        print(info.name, "loaded", unwanted)
                        raise SystemExit(0)
        print("clean")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"
