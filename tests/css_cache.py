"""One parse of each piece of Textual CSS per test process, instead of one per app.

Textual parses the CSS of the app, its screens and every widget class again for each app
instance, and again in full (`Stylesheet.reparse` starts from a fresh cache) each time a
screen brings CSS of its own: ~0.2 s a time, on every one of the ~210 app tests' apps.
Parsing depends only on the CSS text, where it was read from, its scope and the theme's
variables, so a cache keyed on all of them gives the same rules (`RuleSet`s, which Textual
already shares between parses through its own per-stylesheet cache).

Test-only: it patches a private Textual method (`Stylesheet._parse_rules`, Textual 8.2.8),
so it lives here and not in the app. If a Textual upgrade changes that method's signature,
`install()` leaves Textual alone and the tests are just slower.
"""

from __future__ import annotations

import inspect
from typing import Any

from textual.css.stylesheet import Stylesheet

_EXPECTED = ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
_rules: dict[tuple[Any, ...], Any] = {}


def install() -> bool:
    """Patch Textual's CSS parse with the shared cache; False if its signature changed."""
    original = Stylesheet._parse_rules
    if getattr(original, "_shared_cache", False):
        return True
    if list(inspect.signature(original).parameters) != _EXPECTED:
        return False

    def _parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables = tuple(sorted(self._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        try:
            return _rules[key]
        except KeyError:
            pass
        rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
        _rules[key] = rules
        return rules

    _parse_rules._shared_cache = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
    return True
