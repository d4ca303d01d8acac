"""Find the line of a key path in TOML source.

No maintained TOML parser reports where a key was written, so the source is scanned for
table headers (counting `[[array]]` entries) and `key =` lines. Good enough to point an
author at the right line; it never has to be perfect, only never wrong by much.
"""

from __future__ import annotations

import re

PathPart = str | int
KeyPath = tuple[PathPart, ...]

_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=\s*")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_DOTTED})\s*=")
_PART = re.compile(_BARE_OR_QUOTED)


def _split_dotted(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _PART.findall(dotted)]


class SourceMap:
    """Line and column (1-based) of every table and key in a TOML text.

    The text is scanned on the first question: most files have nothing to report, and
    scanning costs as much as parsing them.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None
        self._positions: dict[KeyPath, tuple[int, int]] = {}
        self._values: dict[KeyPath, tuple[int, int]] = {}
        self._scanned = False

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self._text.splitlines()
        return self._lines

    def _record(self, path: KeyPath, line: int, column: int) -> None:
        for end in range(1, len(path) + 1):
            self._positions.setdefault(path[:end], (line, column))

    def _scan(self) -> None:
        array_counts: dict[tuple[str, ...], int] = {}
        current: KeyPath = ()
        open_string: str | None = None
        for number, line in enumerate(self.lines, start=1):
            if open_string:
                if line.count(open_string) % 2 == 1:
                    open_string = None
                continue
            header = _HEADER.match(line)
            if header:
                self._positions.setdefault((), (number, 1))
                names = _split_dotted(header.group(2))
                path: list[PathPart] = []
                for depth, name in enumerate(names):
                    path.append(name)
                    key = tuple(names[: depth + 1])
                    is_last = depth == len(names) - 1
                    if header.group(1) == "[[" and is_last:
                        array_counts[key] = array_counts.get(key, -1) + 1
                        path.append(array_counts[key])
                    elif key in array_counts:
                        path.append(array_counts[key])
                current = tuple(path)
                # `[[options]]` is where the `options` array starts, as well as its entry.
                self._record(current, number, header.start(2) + 1)
                self._positions[current] = (number, header.start(2) + 1)
                continue
            key_match = _KEY.match(line)
            if not key_match:
                continue
            # The top-level table starts at the first key (or header): a missing top-level key
            # is reported there.
            self._positions.setdefault((), (number, key_match.start(1) + 1))
            full = current + tuple(_split_dotted(key_match.group(1)))
            self._record(full, number, key_match.start(1) + 1)
            self._values[full] = (number, key_match.end() + 1)
            rest = line[key_match.end() :]
            if rest.startswith("{"):
                offset = key_match.end()
                for inner in _INLINE_KEY.finditer(rest):
                    sub = tuple(_split_dotted(inner.group(1)))
                    self._record(full + sub, number, offset + inner.start(1) + 1)
                    after = rest[inner.end() :]
                    value_column = offset + inner.end() + len(after) - len(after.lstrip()) + 1
                    self._values[full + sub] = (number, value_column)
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    open_string = quote
                    break

    def find(self, path: KeyPath, value: bool = False) -> tuple[int | None, int | None]:
        """The position of `path` (of its value, if asked), or of its nearest written ancestor.

        The empty path is the top-level table, which starts at the file's first key or header.
        """
        if not self._scanned:
            self._scanned = True
            self._scan()
        if value and path in self._values:
            return self._values[path]
        for end in range(len(path), -1, -1):
            position = self._positions.get(path[:end])
            if position:
                return position
        return (None, None)

    def line_text(self, line: int | None) -> str:
        if line is None or not 1 <= line <= len(self.lines):
            return ""
        return self.lines[line - 1]
