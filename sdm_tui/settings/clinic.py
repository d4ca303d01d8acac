"""The clinic: who keeps the record (name, identifier, contact) and its time zone.

`Clinic` is built from the settings (`AppConfig.clinic`) and handed to the exporters: the
clinic's copy and the FHIR document name the clinic, the patient's copy gives its contact,
and every time a person reads is shown in the clinic's time zone with its offset. The JSON
record itself keeps UTC.

`clinic_now()` and `clinic_today()` are "now" and "today" where the clinic is: the one
place other features (a follow-up date, a review reminder) get local time from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sdm_tui.i18n import _

__all__ = [
    "UTC_CLINIC",
    "Clinic",
    "clinic_now",
    "clinic_today",
    "offset_label",
    "system_zone",
    "system_zone_name",
    "zone_named",
]

URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
"""An absolute URI, as FHIR's `uri` type and Identifier.system need one."""
_LOCALTIME = Path("/etc/localtime")


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA time zone `name` (e.g. "America/New_York"), or None if there is none."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def system_zone(environ: Mapping[str, str] | None = None) -> ZoneInfo | None:
    """The system's time zone by its IANA name: $TZ, else what /etc/localtime links to.

    None when the system names none (a fixed local offset is then used, see Clinic.local)."""
    environ = os.environ if environ is None else environ
    configured = environ.get("TZ", "").removeprefix(":")
    if configured and (zone := zone_named(configured)) is not None:
        return zone
    try:
        target = str(_LOCALTIME.resolve())
    except OSError:
        return None
    _, found, name = target.partition("/zoneinfo/")
    return zone_named(name) if found else None


def system_zone_name(environ: Mapping[str, str] | None = None) -> str:
    """The system's zone as people read it: its IANA name, else "local time"."""
    zone = system_zone(environ)
    return zone.key if zone is not None else _("local time")


def offset_label(moment: datetime) -> str:
    """ "UTC" at offset zero, else "UTC-05:00": how far the clock is from UTC."""
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@dataclass(frozen=True)
class Clinic:
    """The clinic keeping the record, from the settings; every field may be empty."""

    name: str = ""
    identifier_system: str = ""
    """A URI naming the register the identifier is from (e.g. a national provider list)."""
    identifier: str = ""
    phone: str = ""
    web: str = ""
    address: str = ""
    patient_identifier_system: str = ""
    """The URI of the clinic's patient record numbers: offered in team talk."""
    timezone: str = ""
    """An IANA name; "" for the system's own."""
    zone: tzinfo | None = None
    """The zone itself: UTC, a ZoneInfo; None for the system's (resolved on use)."""

    @classmethod
    def in_zone(cls, zone_name: str, /, **fields: Any) -> Clinic:
        """A clinic in the IANA zone `zone_name` ("" for the system's); ValueError if the
        zone is not known."""
        if not zone_name:
            return cls(timezone="", **fields)
        zone = zone_named(zone_name)
        if zone is None:
            raise ValueError(_("{zone} is not a known IANA time zone").format(zone=repr(zone_name)))
        return cls(timezone=zone_name, zone=zone, **fields)

    def resolved_zone(self) -> tzinfo | None:
        return self.zone if self.zone is not None else system_zone()

    def local(self, moment: datetime) -> datetime:
        """`moment` (timezone-aware) on the clinic's clock, with its offset."""
        zone = self.resolved_zone()
        return moment.astimezone(zone) if zone is not None else moment.astimezone()

    @property
    def zone_name(self) -> str:
        """The zone's IANA name ("UTC" for UTC), or "local time" if the system has none."""
        zone = self.resolved_zone()
        if zone is None:
            return _("local time")
        return getattr(zone, "key", None) or str(zone)

    @property
    def has_identity(self) -> bool:
        return bool(self.name or self.identifier)

    @property
    def contact_lines(self) -> tuple[str, ...]:
        """The clinic's name and contact, one line each, the empty ones left out."""
        return tuple(line for line in (self.name, self.phone, self.web, self.address) if line)


UTC_CLINIC = Clinic(timezone="UTC", zone=timezone.utc)
"""No clinic named, times in UTC: what the exporters use when not given a clinic."""


def clinic_now(clinic: Clinic, clock: Callable[[], datetime] | None = None) -> datetime:
    """Now on the clinic's clock (timezone-aware, with its offset)."""
    moment = clock() if clock is not None else datetime.now(timezone.utc)
    return clinic.local(moment)


def clinic_today(clinic: Clinic, clock: Callable[[], datetime] | None = None) -> date:
    """Today's date where the clinic is (not where UTC is)."""
    return clinic_now(clinic, clock).date()
