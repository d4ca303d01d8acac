"""What the commands print, made inert: no escape sequence from a file reaches the terminal.

Every command that does not draw with Rich or Textual runs through `run_with_neutral_output`,
so a file name, an id or a value read from a file is shown with its control, bidi and
invisible characters made visible, whichever message forgot to clean it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from sdm_tui.store.safe_files import show_hidden
from sdm_tui.store.text import neutralise

__all__ = ["NeutralisingWriter", "run_with_neutral_output"]

T = TypeVar("T")


class NeutralisingWriter:
    """A text stream's stand-in that makes control and bidi characters visible on write.

    Every message a command prints passes here: a file name, an id or a value from a file
    never reaches the terminal as an escape sequence, whichever message forgot to clean it.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(show_hidden(neutralise(text)))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def run_with_neutral_output(command: Callable[[T], int], args: T) -> int:
    """`command(args)` with stdout and stderr neutralised (see `NeutralisingWriter`)."""
    saved = sys.stdout, sys.stderr
    sys.stdout = NeutralisingWriter(saved[0])
    sys.stderr = NeutralisingWriter(saved[1])
    try:
        return command(args)
    finally:
        sys.stdout, sys.stderr = saved
