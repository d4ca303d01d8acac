"""`sdm-tui new`: a new aid file from `template.toml`, with comments explaining each section.

The file loads as it is written (status "draft", with TODO text): `sdm-tui check` gives
warnings, as reminders, but no errors.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from string import Template

from sdm_tui.aid import schema


def is_valid_id(aid_id: str) -> bool:
    return re.fullmatch(schema.ID_PATTERN.strip("^$"), aid_id) is not None


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def render(aid_id: str, today: dt.date) -> str:
    """The template's text for `aid_id`, reviewed `today`, due for review a year later."""
    if not is_valid_id(aid_id):
        raise ValueError(f"not a valid aid id: {aid_id!r}")
    text = resources.files("sdm_tui.aid").joinpath("template.toml").read_text(encoding="utf-8")
    return Template(text).substitute(
        id=aid_id,
        title=aid_id.replace("-", " ").strip().capitalize(),
        today=today.isoformat(),
        review_by=_a_year_after(today).isoformat(),
    )


def write_new_aid(aid_id: str, folder: Path, today: dt.date | None = None) -> Path:
    """Write `folder/ID.toml`; raises FileExistsError rather than overwrite a file."""
    path = folder / f"{aid_id}.toml"
    text = render(aid_id, today or dt.date.today())
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    return path
