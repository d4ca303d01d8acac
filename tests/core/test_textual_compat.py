"""Private Textual names are used only in `sdm_tui.app.textual_compat`.

Anywhere else, an underscore name that a Textual base class also has is either a use of
Textual's internals (which change without notice) or a shadowing of one: `GridView._render`
once replaced `Widget._render`, and copying a selection on the grid stopped the app.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import sdm_tui.app

APP_FOLDER = Path(sdm_tui.app.__file__).parent
COMPAT = "sdm_tui.app.textual_compat"
DEFINED_PRIVATE = re.compile(r"^\s+(?:def )?(_[a-z][a-z0-9_]*)\b", re.MULTILINE)
SELF_PRIVATE = re.compile(r"\bself\.(_[a-z][a-z0-9_]*)")
OTHER_PRIVATE = re.compile(r"(?:super\(\)|\bapp|\bscreen|\bwidget)\.(_[a-z][a-z0-9_]*)")


def app_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(sdm_tui.app.__path__, "sdm_tui.app.")
        if info.name != COMPAT
    ]
    return [name for name in names if not name.endswith("preview_command")]


def textual_private(cls: type) -> set[str]:
    """The private names of the Textual classes `cls` inherits from."""
    return {
        name
        for klass in cls.__mro__
        if klass.__module__.startswith("textual")
        for name in vars(klass)
        if name.startswith("_") and not name.startswith("__")
    }


def test_no_class_of_the_app_uses_or_shadows_a_private_textual_name() -> None:
    found = []
    for module_name in app_modules():
        module = importlib.import_module(module_name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module_name:
                continue
            inherited = textual_private(cls)
            if not inherited:
                continue
            source = inspect.getsource(cls)
            used = set(DEFINED_PRIVATE.findall(source)) | set(SELF_PRIVATE.findall(source))
            found += [f"{module_name}.{cls.__name__}: {name}" for name in used & inherited]
    assert found == []


def test_no_module_reaches_into_textual_objects_or_private_modules() -> None:
    found = []
    for module_name in app_modules():
        path = APP_FOLDER.joinpath(*module_name.split(".")[2:]).with_suffix(".py")
        if not path.exists():
            path = path.with_suffix("") / "__init__.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if OTHER_PRIVATE.search(code) or re.search(r"\btextual\._", code):
                found.append(f"{module_name}:{number}: {line.strip()}")
    assert found == []


def test_the_check_sees_what_it_looks_for() -> None:
    from sdm_tui.app.textual_compat import CrashReportingApp, RadioButtonWithMark

    assert "_handle_exception" in textual_private(CrashReportingApp)
    assert "_button" in textual_private(RadioButtonWithMark)
    assert OTHER_PRIVATE.search("self.app._start_widget(self, bar)")
