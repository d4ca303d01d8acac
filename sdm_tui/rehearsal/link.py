"""The link between a rehearsal and its observer's own view (`sdm-tui observe`).

No network: two private files in a private folder of this user (0700; the runtime folder,
`$XDG_RUNTIME_DIR/sdm-tui`, else the state folder). The rehearsal (the learner's terminal)
writes `rehearsal-ID.json` (0600, replaced atomically): the scenario's card with its hidden
parts, the stage and its clock, the OPTION-5 scores and the drawn-out marks. The observer
writes `observer-ID.json` (0600, atomically): its scores, notes and marks. Each side polls
the other's file and takes what is new in it; a revision number on each side's scores says
whose change is newer, so that neither takes back its own older words.

The rehearsal holds an exclusive `flock` on `rehearsal-ID.lock` while it runs (the kernel
lets go when it ends, however it ends): a state file whose lock nobody holds is a rehearsal
that has ended, never offered to an observer, and swept by the next rehearsal to start.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sdm_tui.consultation.record import RATING_LABELS, ROLES_IN_DECIDING, UNSURE
from sdm_tui.export.timefmt import from_iso, to_iso
from sdm_tui.i18n import _
from sdm_tui.rehearsal.event_log import EventLog, stage_words
from sdm_tui.rehearsal.option5 import ObserverScores
from sdm_tui.rehearsal.scenario import Scenario
from sdm_tui.store.atomic import write_atomic
from sdm_tui.store.safe_files import display_path, file_signature, read_regular_file

LINK_VERSION = 1
STATE_PREFIX = "rehearsal-"
OBSERVER_PREFIX = "observer-"
POLL_SECONDS = 0.5
"""How often each side looks at the other's file (a stat; read only when it changed)."""
MAX_FILE_BYTES = 1 << 20


class LinkError(Exception):
    """The link cannot be used; the message says why and what to do."""


def link_folder() -> Path:
    """Where rehearsals and observers meet: the runtime folder, else the state folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        return Path(runtime) / "sdm-tui"
    import platformdirs

    return Path(platformdirs.user_state_dir("sdm-tui", appauthor=False)) / "rehearsals"


def private_folder(folder: Path) -> Path:
    """`folder`, made if need be (0700); LinkError unless it is a folder of this user's that
    nobody else can read or write (not a symlink)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = folder.lstat()
    except OSError as error:
        raise LinkError(
            _("cannot use the folder {folder}: {reason}").format(
                folder=display_path(folder), reason=error.strerror or error
            )
        ) from None
    if not stat.S_ISDIR(status.st_mode):
        raise LinkError(
            _("{folder} is not a folder (a link or a file?): remove it").format(
                folder=display_path(folder)
            )
        )
    if status.st_uid != os.getuid():
        raise LinkError(
            _("{folder} belongs to another user: remove it or use another").format(
                folder=display_path(folder)
            )
        )
    if status.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError as error:
            raise LinkError(
                _("{folder} is open to other users and cannot be made private: {reason}").format(
                    folder=display_path(folder), reason=error.strerror or error
                )
            ) from None
    return folder


def _read_json(path: Path, what: str) -> dict[str, Any]:
    """The JSON object in `path`; LinkError with the file and the reason otherwise.
    `what` names the file, translated ("the observer's file")."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise LinkError(
            _("{what} {path} is gone").format(what=what, path=display_path(path))
        ) from None
    except OSError as error:
        raise LinkError(
            _("cannot read {what} {path}: {reason}").format(
                what=what, path=display_path(path), reason=error.strerror or error
            )
        ) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise LinkError(
            _("{what} {path} is damaged (not JSON)").format(what=what, path=display_path(path))
        ) from None
    if not isinstance(data, dict):
        raise LinkError(
            _("{what} {path} is not a JSON object").format(what=what, path=display_path(path))
        )
    return data


def _lock_path(instance: str, folder: Path) -> Path:
    return folder / f"{STATE_PREFIX}{instance}.lock"


def is_live(folder: Path, instance: str) -> bool:
    """Whether the rehearsal `instance` still runs (holds its lock)."""
    try:
        fd = os.open(_lock_path(instance, folder), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


# -- what the rehearsal says -------------------------------------------------------------


def scenario_card(scenario: Scenario) -> dict[str, Any]:
    """The persona card as text, hidden parts included: what the observer's view shows.
    The program's own words in it (unsure, roles, rating words) are in the language in
    force; the scenario's and the aid's text as typed."""
    persona, aid = scenario.persona, scenario.aid
    statements = {v.id: v.statement for v in aid.values} if aid else {}
    options = {o.id: o.label for o in aid.options} if aid else {}
    leaning = scenario.hidden_leaning
    return {
        "title": scenario.title,
        "name": persona.name,
        "age": persona.age,
        "situation": persona.situation,
        "opening_line": persona.opening_line,
        "manner": persona.manner or "",
        "role_if_asked": _(ROLES_IN_DECIDING[persona.preferred_role])
        if persona.preferred_role in ROLES_IN_DECIDING
        else "",
        "leaning": _("Unsure") if leaning == UNSURE else options.get(leaning, leaning),
        "leaning_reason": scenario.leaning_reason or "",
        "ratings": [
            {
                "statement": statements.get(value_id, value_id),
                "rating": rating,
                "label": _(RATING_LABELS[rating]),
            }
            for value_id, rating in scenario.hidden_ratings.items()
        ],
        "concerns": [
            {"id": c.id, "text": c.text, "reveal_when": c.reveal_when} for c in scenario.concerns
        ],
        "cues": [{"text": c.text, "when": c.when or ""} for c in scenario.cues],
    }


@dataclass
class StageClock:
    """The stage the learner is on and its time, as last published."""

    key: str
    seconds: float
    running: bool
    at: datetime

    @property
    def label(self) -> str:
        """The stage's name in the language in force."""
        return stage_words(self.key)

    def seconds_at(self, now: datetime) -> float:
        if not self.running:
            return self.seconds
        return self.seconds + max(0.0, (now - self.at).total_seconds())


@dataclass
class RehearsalState:
    """What the rehearsal published, checked."""

    instance: str
    card: dict[str, Any]
    clock: StageClock
    scores: ObserverScores
    scores_revision: int
    observer_revision: int
    revealed: list[str] = field(default_factory=list)
    ended: bool = False

    @property
    def title(self) -> str:
        return str(self.card.get("title", ""))


def state_data(
    instance: str,
    card: Mapping[str, Any],
    stage_key: str,
    log: EventLog,
    scores: ObserverScores,
    *,
    paused: bool,
    now: datetime,
    scores_revision: int,
    observer_revision: int,
    ended: bool = False,
) -> dict[str, Any]:
    """The rehearsal's state file, JSON-safe."""
    return {
        "sdm_tui_rehearsal_link": LINK_VERSION,
        "instance": instance,
        "card": dict(card),
        "stage": {
            "key": stage_key,
            "seconds": round(log.stage_seconds(now).get(stage_key, 0.0), 1),
            "running": not paused and log.current_stage == stage_key,
            "at": to_iso(now),
        },
        "option5": scores.as_dict(),
        "scores_revision": scores_revision,
        "observer_revision": observer_revision,
        "revealed": log.revealed_concerns(),
        "ended": ended,
    }


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(_("{key} is not a whole number").format(key=key))
    return value


def _ids(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(_("{key} is not a list of ids").format(key=key))
    return list(value)


def parse_state(data: Mapping[str, Any]) -> RehearsalState:
    """A state file's content, checked (ValueError naming the part that does not fit)."""
    if data.get("sdm_tui_rehearsal_link") != LINK_VERSION:
        raise ValueError(_("it is not a rehearsal's link file of this sdm-tui version"))
    card, stage, option5 = data.get("card"), data.get("stage"), data.get("option5")
    if not isinstance(card, dict) or not isinstance(stage, dict) or not isinstance(option5, dict):
        raise ValueError(_("its card, stage or scores are missing"))
    try:
        at = from_iso(str(stage.get("at", "")))
    except (TypeError, ValueError):
        raise ValueError(_("its stage time is not a time")) from None
    seconds = stage.get("seconds")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
        raise ValueError(_("its stage seconds are not a number"))
    clock = StageClock(str(stage.get("key", "")), float(seconds), stage.get("running") is True, at)
    return RehearsalState(
        instance=str(data.get("instance", "")),
        card=card,
        clock=clock,
        scores=ObserverScores.from_dict(option5),
        scores_revision=_int(data, "scores_revision"),
        observer_revision=_int(data, "observer_revision"),
        revealed=_ids(data.get("revealed", []), "revealed"),
        ended=data.get("ended") is True,
    )


@dataclass
class ObserverUpdate:
    """What the observer wrote: its scores, notes and marks, and their revision."""

    revision: int
    scores: ObserverScores
    revealed: list[str]


def observer_data(revision: int, scores: ObserverScores, revealed: list[str]) -> dict[str, Any]:
    return {
        "sdm_tui_observer": LINK_VERSION,
        "revision": revision,
        "option5": scores.as_dict(),
        "revealed": list(revealed),
    }


def parse_observer(data: Mapping[str, Any]) -> ObserverUpdate:
    if data.get("sdm_tui_observer") != LINK_VERSION:
        raise ValueError(_("it is not an observer's file of this sdm-tui version"))
    option5 = data.get("option5")
    if not isinstance(option5, dict):
        raise ValueError(_("its scores are missing"))
    return ObserverUpdate(
        _int(data, "revision"),
        ObserverScores.from_dict(option5),
        _ids(data.get("revealed", []), "revealed"),
    )


# -- the rehearsal's side -----------------------------------------------------------------


class _LinkFiles:
    """One rehearsal's two files in the private folder: its state (written by the learner's
    end) and the observer's (written by the observer's end)."""

    def __init__(self, folder: Path, instance: str) -> None:
        self.folder = Path(folder)
        self.instance = instance
        self._seen: tuple[int, int, int] | None = None
        """The signature of the other end's file when it was last read."""

    @property
    def state_path(self) -> Path:
        return self.folder / f"{STATE_PREFIX}{self.instance}.json"

    @property
    def observer_path(self) -> Path:
        return self.folder / f"{OBSERVER_PREFIX}{self.instance}.json"


class RehearsalLink(_LinkFiles):
    """The learner's end: publishes the rehearsal, takes in the observer's file."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, f"{os.getpid()}-{secrets.token_hex(3)}")
        self._lock: int | None = None

    def open(self) -> None:
        """Make the private folder, sweep ended rehearsals' files, take this one's lock."""
        private_folder(self.folder)
        sweep_ended(self.folder)
        fd = os.open(
            _lock_path(self.instance, self.folder),
            os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
            0o600,
        )
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._lock = fd

    def publish(self, data: Mapping[str, Any]) -> None:
        write_atomic(
            self.state_path, json.dumps(data, ensure_ascii=False).encode("utf-8"), overwrite=True
        )

    def observer_update(self) -> ObserverUpdate | None:
        """The observer's file if it changed since the last look; None if not (or absent).
        LinkError if it cannot be read or does not fit."""
        now = file_signature(self.observer_path)
        if now is None or now == self._seen:
            return None
        self._seen = now
        data = _read_json(self.observer_path, _("the observer's file"))
        try:
            return parse_observer(data)
        except ValueError as error:
            raise LinkError(
                _("the observer's file {path}: {problem}").format(
                    path=display_path(self.observer_path), problem=error
                )
            ) from None

    def close(self) -> None:
        """Remove this rehearsal's files (the observer sees it has ended), then the lock."""
        for path in (self.state_path, self.observer_path, _lock_path(self.instance, self.folder)):
            with contextlib.suppress(OSError):
                path.unlink()
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock)
            self._lock = None


def sweep_ended(folder: Path) -> None:
    """Remove the files of rehearsals that have ended (no one holds their lock)."""
    for lock in folder.glob(f"{STATE_PREFIX}*.lock"):
        instance = lock.name[len(STATE_PREFIX) : -len(".lock")]
        try:
            fd = os.open(lock, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        for path in (
            folder / f"{STATE_PREFIX}{instance}.json",
            folder / f"{OBSERVER_PREFIX}{instance}.json",
            lock,
        ):
            with contextlib.suppress(OSError):
                path.unlink()
        os.close(fd)


# -- the observer's side ------------------------------------------------------------------


@dataclass(frozen=True)
class LiveRehearsal:
    instance: str
    title: str


def live_rehearsals(folder: Path) -> list[LiveRehearsal]:
    """The rehearsals running now for this user, newest first (LinkError: bad folder)."""
    if not folder.exists():
        return []
    private_folder(folder)
    found: list[tuple[float, LiveRehearsal]] = []
    for path in folder.glob(f"{STATE_PREFIX}*.json"):
        instance = path.name[len(STATE_PREFIX) : -len(".json")]
        if not is_live(folder, instance):
            continue
        try:
            title = parse_state(_read_json(path, _("the rehearsal's file"))).title
            when = path.stat().st_mtime
        except (LinkError, ValueError, OSError):
            title, when = _("(its file cannot be read)"), 0.0
        found.append((when, LiveRehearsal(instance, title)))
    return [live for __, live in sorted(found, key=lambda pair: -pair[0])]


class ObserverLink(_LinkFiles):
    """The observer's end: reads the rehearsal's state, writes the observer's file."""

    def read_state(self, *, force: bool = False) -> RehearsalState | None:
        """The rehearsal's state if it changed since the last look (or `force`); None if not.
        LinkError when it has ended or its file cannot be used."""
        if not is_live(self.folder, self.instance):
            raise LinkError(_("the rehearsal has ended (its terminal closed or it was ended)"))
        now = file_signature(self.state_path)
        if now is None:
            raise LinkError(_("the rehearsal has ended (its file is gone)"))
        if now == self._seen and not force:
            return None
        self._seen = now
        data = _read_json(self.state_path, _("the rehearsal's file"))
        try:
            return parse_state(data)
        except ValueError as error:
            raise LinkError(
                _("the rehearsal's file {path}: {problem}").format(
                    path=display_path(self.state_path), problem=error
                )
            ) from None

    def write(self, revision: int, scores: ObserverScores, revealed: list[str]) -> None:
        """Write the observer's scores, notes and marks (LinkError if it cannot)."""
        if not is_live(self.folder, self.instance):
            raise LinkError(_("the rehearsal has ended: the scores could not reach it"))
        data = observer_data(revision, scores, revealed)
        try:
            write_atomic(
                self.observer_path,
                json.dumps(data, ensure_ascii=False).encode("utf-8"),
                overwrite=True,
            )
        except OSError as error:
            raise LinkError(
                _("cannot write {path}: {reason}").format(
                    path=display_path(self.observer_path), reason=error.strerror or error
                )
            ) from None
