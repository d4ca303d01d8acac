"""Every setting sdm-tui has: its type, default, valid values and where it can be set.

Pure data: no Textual, no files. `docs/settings.md` documents the same list, and a test
checks that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sdm_tui.i18n import N_, _, available_languages

THEMES: tuple[str, ...] = (
    "textual-dark",
    "textual-light",
    "high-contrast-dark",
    "high-contrast-light",
    "ansi-dark",
    "ansi-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
)
"""Textual 8.2.8's built-in themes and our two high-contrast ones (a test checks the list)."""

TEXT_LIMIT = 200
"""The longest text setting: a clinic name, a phone number, an address line."""

PRIVACY_TABLE = "privacy"
"""Privacy settings may also be written under `[privacy]` in either file."""


@dataclass(frozen=True)
class Setting:
    """One setting, described well enough to check it, document it and edit it."""

    name: str
    kind: str
    """"path" (a folder; None means the built-in choice), "number", "bool", "choice",
    "text" (one line), "uri" (an absolute URI), "timezone" (an IANA name) or "language"
    (a BCP 47 tag); a text, URI, time zone or language of None is not set."""
    default: object
    description: str
    """Marked with N_(): translated where it is shown, `_(setting.description)`."""
    env: str
    cli: str = ""
    """The `sdm-tui run` (or `check`) option that overrides it; empty if there is none."""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    privacy: bool = False
    """A site file that sets it locks it: no user file, variable or option can change it."""
    default_text: str = ""
    """How the default reads in documents, when it is not a plain value (marked with N_():
    `shown_default` translates it)."""

    def valid_text(self) -> str:
        """The valid values, as a person would say them (in the language in force)."""
        if self.kind == "choice":
            return _("one of: {choices}").format(choices=", ".join(self.choices))
        if self.kind == "bool":
            return _("true or false (in the environment: on or off)")
        if self.kind == "number":
            return _("a number from {minimum} to {maximum}").format(
                minimum=f"{self.minimum:g}", maximum=f"{self.maximum:g}"
            )
        if self.kind == "text":
            return _("one line of text, at most {limit} characters").format(limit=TEXT_LIMIT)
        if self.kind == "uri":
            return _("an absolute URI, e.g. urn:oid:1.2.3")
        if self.kind == "timezone":
            return _("an IANA time zone, e.g. America/New_York")
        if self.kind == "language":
            return _("a language code, e.g. es or en ({codes} have a catalog)").format(
                codes=", ".join(available_languages())
            )
        return _("a folder path (~ allowed)")

    def shown_default(self) -> str:
        """The default as a person reads it, in the language in force."""
        return _(self.default_text) if self.default_text else format_value(self.default)


def format_value(value: object) -> str:
    if value is None:
        return _("(built in)")
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "aids_folder",
        "path",
        None,
        N_("folder of decision aids offered in the library"),
        env="SDM_TUI_AIDS",
        cli="--aids",
        default_text=N_("the bundled aids"),
    ),
    Setting(
        "export_folder",
        "path",
        None,
        N_("where exported documents are written"),
        env="SDM_TUI_EXPORT_DIR",
        cli="--export-dir",
        default_text=N_("the current folder"),
    ),
    Setting(
        "idle_minutes",
        "number",
        5.0,
        N_("minutes without a key or click before the screen is hidden (0: never)"),
        env="SDM_TUI_IDLE_MINUTES",
        cli="--idle-minutes",
        minimum=0,
        maximum=240,
        privacy=True,
    ),
    Setting(
        "recovery",
        "bool",
        True,
        N_("keep the consultation in progress on disk (privately) against a crash"),
        env="SDM_TUI_RECOVERY",
        cli="--no-recovery",
        privacy=True,
    ),
    Setting(
        "recovery_max_age_hours",
        "number",
        8.0,
        N_("a crash-recovery file older than this (or dated in the future) is deleted unopened"),
        env="SDM_TUI_RECOVERY_MAX_AGE_HOURS",
        minimum=0.1,
        maximum=168,
        privacy=True,
    ),
    Setting(
        "max_reading_grade",
        "number",
        8.0,
        N_("reading grade above which `sdm-tui check` reports a text"),
        env="SDM_TUI_MAX_GRADE",
        cli="--max-grade",
        minimum=1,
        maximum=20,
    ),
    Setting(
        "theme",
        "choice",
        "textual-dark",
        N_("colours of the app"),
        env="SDM_TUI_THEME",
        cli="--theme",
        choices=THEMES,
    ),
    Setting(
        "language",
        "language",
        None,
        N_(
            "the language of the app and of the clinic's copies (a patient's copy is in the "
            "language chosen for the patient); one without a catalog shows English"
        ),
        env="SDM_TUI_LANGUAGE",
        cli="--language",
        default_text=N_("the system's (its locale), else English"),
    ),
)

CLINIC_SETTINGS: tuple[Setting, ...] = (
    # -- the clinic (issue 19: a record the EHR can file) ---------------------------------
    Setting(
        "clinic_name",
        "text",
        None,
        N_("the clinic's name: in the clinic record, the FHIR document and the patient's copy"),
        env="SDM_TUI_CLINIC_NAME",
        default_text=N_("(not set)"),
    ),
    Setting(
        "clinic_identifier_system",
        "uri",
        None,
        N_("the register the clinic's identifier is from, as a URI"),
        env="SDM_TUI_CLINIC_ID_SYSTEM",
        default_text=N_("(not set)"),
    ),
    Setting(
        "clinic_identifier",
        "text",
        None,
        N_("the clinic's identifier in that register"),
        env="SDM_TUI_CLINIC_ID",
        default_text=N_("(not set)"),
    ),
    Setting(
        "clinic_phone",
        "text",
        None,
        N_("the clinic's phone number, given in the patient's copy"),
        env="SDM_TUI_CLINIC_PHONE",
        default_text=N_("(not set)"),
    ),
    Setting(
        "clinic_web",
        "text",
        None,
        N_("the clinic's web address, given in the patient's copy"),
        env="SDM_TUI_CLINIC_WEB",
        default_text=N_("(not set)"),
    ),
    Setting(
        "clinic_address",
        "text",
        None,
        N_("the clinic's address on one line, given in the patient's copy"),
        env="SDM_TUI_CLINIC_ADDRESS",
        default_text=N_("(not set)"),
    ),
    Setting(
        "patient_identifier_system",
        "uri",
        None,
        N_("the URI of the clinic's patient record numbers, offered in team talk"),
        env="SDM_TUI_PATIENT_ID_SYSTEM",
        default_text=N_("(not set)"),
    ),
    Setting(
        "timezone",
        "timezone",
        None,
        N_("the clinic's time zone: every time in the documents is shown in it"),
        env="SDM_TUI_TIMEZONE",
        default_text=N_("the system's"),
    ),
)

SETTINGS = SETTINGS + CLINIC_SETTINGS

SETTING_BY_NAME = {setting.name: setting for setting in SETTINGS}
