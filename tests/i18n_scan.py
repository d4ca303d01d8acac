"""Find strings a person would read that are not marked for translation.

`python -m tests.i18n_scan [PATH ...]` prints each as file:line: text (default: sdm_tui).
tests/core/test_catalogs.py fails on any. What counts as words a person reads: a literal
with two words, or one capitalised word ("Options"); an f-string with words is always
one (gettext cannot extract it: write `_("... {name}").format(name=...)`).

Not counted: docstrings; anything inside `_()`, `N_()`, `ngettext()`, `pgettext()`,
`npgettext()`; messages of exceptions that are programming errors (TypeError,
AssertionError, RuntimeError, NotImplementedError) and of `assert`; `DEFAULT_CSS`/`CSS`;
a line ending in `# i18n: not shown` (say so only when nobody reads it: a key, a code,
a file name); and the modules in NOT_SHOWN, each with the reason.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKERS = frozenset({"_", "N_", "ngettext", "pgettext", "npgettext"})
PROGRAMMING_ERRORS = frozenset(
    {"TypeError", "AssertionError", "RuntimeError", "NotImplementedError"}
)
SKIP_COMMENT = "# i18n: not shown"
WORDS = re.compile(r"[^\W\d_]{2,}[,.:;!?'’)…]*\s+[(\"'‘“]?[^\W\d_]{2,}")
CODE = re.compile(r"[#.]?[\w-]+(\s+[\w-]+)*|[\w.]+\(.*\)")
"""Class lists ("heading outcome-group"), selectors, actions ("show_view('pages')")."""
CLASS_CALLS = frozenset(
    {
        "query",
        "query_one",
        "query_exactly_one",
        "add_class",
        "remove_class",
        "set_class",
        "toggle_class",
        "has_class",
        "set_classes",
        "get_widget_by_id",
        "getLogger",
    }
)
CODE_KEYWORDS = frozenset({"id", "classes", "name", "variant", "group", "action", "key"})
LABEL = re.compile(r"[A-Z][a-z]{2,}[.:!?…]?")

NOT_SHOWN: dict[str, str] = {
    **{
        f"sdm_tui/aid/{name}.py": "authoring: what `check`, `schema`, `new`, `facts` and the "
        "preview's problem list say to an aid's author is English, like the aid format"
        for name in (
            "loader",
            "format2",
            "schema",
            "json_schema",
            "lint",
            "lint_rules",
            "lint_ipdas",
            "lint_evidence",
            "check",
            "translation",
            "template",
            "readability",
            "problems",
            "locate",
            "facts",
            "citations",
            "prose",
        )
    },
    "sdm_tui/export/fhir_codes.py": "code displays are the code systems' own (LOINC's are English)",
    "sdm_tui/export/questionnaires.py": "canonical FHIR Questionnaires: English, like the "
    "shipped resources they are written to",
    "sdm_tui/export/fhir_resources/": "the shipped canonical FHIR resources (English)",
    "sdm_tui/export/record_model.py": "field documentation for the JSON Schema",
    "sdm_tui/export/json_schema.py": "field documentation for the JSON Schema",
    "sdm_tui/rehearsal/scenario_schema.py": "field documentation for the scenario schema",
    "sdm_tui/rehearsal/debrief_schema.py": "field documentation for the debrief schema",
    "sdm_tui/rehearsal/scenario_checks.py": "authoring: what `check` and the picker say about "
    "a scenario file is English, like the aid format's checks and the scenario format",
    "sdm_tui/app/textual_compat.py": "no text of its own",
    "sdm_tui/i18n/": "the translation machinery",
}


@dataclass(frozen=True)
class Unmarked:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _reads_as_words(text: str) -> bool:
    if LABEL.fullmatch(text.strip()):
        return True
    return bool(WORDS.search(text)) and not (
        CODE.fullmatch(text.strip()) and (" " not in text.strip() or text == text.lower())
    )


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: Path, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.found: list[Unmarked] = []
        self._exempt = 0

    def _skipped_line(self, node: ast.AST) -> bool:
        first = getattr(node, "lineno", 0)
        last = getattr(node, "end_lineno", first) or first
        return any(SKIP_COMMENT in self.lines[n - 1] for n in range(first, last + 1))

    def _exempt_visit(self, node: ast.AST) -> None:
        self._exempt += 1
        self.generic_visit(node)
        self._exempt -= 1

    def visit_Call(self, node: ast.Call) -> None:
        name = _called_name(node)
        if name in MARKERS or name in CLASS_CALLS:
            self._exempt_visit(node)
            return
        self.visit(node.func)
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            if keyword.arg not in CODE_KEYWORDS:
                self.visit(keyword.value)

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        name = _called_name(exc) if isinstance(exc, ast.Call) else ""
        if name in PROGRAMMING_ERRORS:
            self._exempt_visit(node)
        else:
            self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self._exempt_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        if names & {"DEFAULT_CSS", "CSS", "__all__"}:
            return
        self.generic_visit(node)

    def _body(self, node: ast.AST) -> None:
        body = getattr(node, "body", [])
        start = 0
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            start = 1  # the docstring
        for index, child in enumerate(body):
            if index < start:
                continue
            if isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant):
                continue  # an attribute's docstring
            self.visit(child)
        for name in ("decorator_list", "args", "returns", "bases", "keywords"):
            for child in _as_list(getattr(node, name, None)):
                self.visit(child)

    visit_Module = _body
    visit_ClassDef = _body
    visit_FunctionDef = _body
    visit_AsyncFunctionDef = _body

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = "".join(
            part.value if isinstance(part, ast.Constant) else "{…}" for part in node.values
        )
        # A value stands where a word would: "Step {n} of {total}" is words.
        self._check(node, text, as_words=text.replace("{…}", "value"))

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self._check(node, node.value)

    def _check(self, node: ast.AST, text: str, as_words: str | None = None) -> None:
        words = text if as_words is None else as_words
        if self._exempt or not _reads_as_words(words) or self._skipped_line(node):
            return
        self.found.append(Unmarked(self.path, getattr(node, "lineno", 0), text))


def _as_list(value: object) -> list[ast.AST]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, ast.arguments):
        return [*value.defaults, *(d for d in value.kw_defaults if d is not None)]
    return [value] if isinstance(value, ast.AST) else []


def not_shown(path: Path) -> bool:
    try:
        relative = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:  # a file outside the project (a test's)
        return False
    return any(relative.startswith(prefix) for prefix in NOT_SHOWN)


def unmarked(paths: list[Path]) -> Iterator[Unmarked]:
    """Every unmarked string in the Python files under `paths`."""
    for top in paths:
        for path in sorted(top.rglob("*.py")) if top.is_dir() else [top]:
            if not_shown(path):
                continue
            source = path.read_text(encoding="utf-8")
            scanner = _Scanner(path, source.splitlines())
            scanner.visit(ast.parse(source))
            yield from scanner.found


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or [ROOT / "sdm_tui"]
    found = list(unmarked(paths))
    for item in found:
        print(item)
    print(f"{len(found)} unmarked", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
