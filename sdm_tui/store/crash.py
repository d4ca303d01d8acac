"""What a user sees when the app stops on an internal error.

Textual's own crash report prints a traceback with local variables, which would put a
patient's words on the terminal. This report names the error and where it happened in
our code, and nothing of what was entered.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from sdm_tui.i18n import _


def describe_crash(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "sdm_tui" in Path(f.filename).parts] or frames
    place = ""
    if ours:
        frame = ours[-1]
        parts = Path(frame.filename).parts
        short = "/".join(parts[parts.index("sdm_tui") :]) if "sdm_tui" in parts else parts[-1]
        place = _(" in {file}, line {line} ({function})").format(
            file=short, line=frame.lineno, function=frame.name
        )
    return _(
        "sdm-tui stopped because of an internal error: {error}{place}.\n"
        "Nothing that was entered is shown here. If crash recovery is on, the consultation "
        "can be resumed when sdm-tui starts again.\n"
        "Please report the line above to whoever supports sdm-tui at your site."
    ).format(error=type(error).__name__, place=place)
