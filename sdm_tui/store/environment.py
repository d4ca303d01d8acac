"""Environment variables that would make Textual write the screen or its log to disk.

`TEXTUAL_LOG` appends every log line to a file; `TEXTUAL_SCREENSHOT=N` saves an SVG of
the screen (the patient's words with it, mode 0644) into the working folder after N
seconds, where `TEXTUAL_SCREENSHOT_LOCATION`/`_FILENAME` say. Textual reads them when it
is first imported, so they are removed before anything imports Textual.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

from sdm_tui.i18n import _

TRACE_VARIABLES = (
    "TEXTUAL_LOG",
    "TEXTUAL_SCREENSHOT",
    "TEXTUAL_SCREENSHOT_LOCATION",
    "TEXTUAL_SCREENSHOT_FILENAME",
)


def refuse_trace_variables(environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Remove every variable of `TRACE_VARIABLES` that is set; one message for each."""
    environ = os.environ if environ is None else environ
    messages = []
    for name in TRACE_VARIABLES:
        if environ.pop(name, None):
            messages.append(
                _("sdm-tui: {variable} ignored: it would write patient data to a file").format(
                    variable=name
                )
            )
    return messages
