"""A pure core: the model, loader, consultation, export, store, rehearsal, report and
settings never import Textual or Rich.

Each module (and, for a package, every module inside it) is imported in a fresh
interpreter, because this test process has long since imported Textual for the app tests.
This sees what importing loads; `make lint`'s import contracts (pyproject.toml,
[tool.importlinter]) see imports inside functions too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.builders import ROOT

# Must exist now: the aid format and its loader.
CORE = [
    "sdm_tui.aid",
    "sdm_tui.aid.model",
    "sdm_tui.aid.schema",
    "sdm_tui.aid.loader",
    "sdm_tui.aid.locate",
    "sdm_tui.aid.problems",
    "sdm_tui.aid.library",
    "sdm_tui.aid.check",
    "sdm_tui.store",
    "sdm_tui.rehearsal",
    "sdm_tui.report",
    "sdm_tui.settings",
]
FORBIDDEN = ("textual", "rich")
"""Packages the core never loads: the app's toolkit and its renderer."""
# Pure too, but may not be written yet: skipped while missing.
LATER = ["sdm_tui.consultation", "sdm_tui.export"]

PROBE = textwrap.dedent(
    """
    import importlib, importlib.util, json, pkgutil, sys

    name, forbidden = sys.argv[1], sys.argv[2]
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        print(json.dumps({"missing": True}))
        raise SystemExit(0)
    module = importlib.import_module(name)
    names = [name]
    if hasattr(module, "__path__"):  # a package: every module inside it, too
        names += sorted(i.name for i in pkgutil.walk_packages(module.__path__, name + "."))
    culprit = None
    for each in names:
        importlib.import_module(each)
        if culprit is None and forbidden in sys.modules:
            culprit = each
    print(json.dumps({"missing": False, "modules": names, "culprit": culprit}))
    """
)


def probe(name: str, forbidden: str) -> dict[str, object]:
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, name, forbidden],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, f"importing {name} failed:\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("forbidden", FORBIDDEN)
@pytest.mark.parametrize("name", CORE + LATER)
def test_module_does_not_import_textual_or_rich(name: str, forbidden: str) -> None:
    found = probe(name, forbidden)
    if found["missing"]:
        if name in CORE:
            pytest.fail(f"{name} does not exist")
        pytest.skip(f"{name} is not written yet")
    assert found["culprit"] is None, (
        f"importing {found['culprit']} loaded {forbidden} (checked: {', '.join(found['modules'])})"
    )


def test_check_command_does_not_import_textual_or_rich() -> None:
    script = textwrap.dedent(
        f"""
        import contextlib, io, sys
        from sdm_tui.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["check", {str(ROOT / "tests" / "data" / "aids")!r}])
        print(code, "textual" in sys.modules, "rich" in sys.modules)
        """
    )
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "False", "False"]
