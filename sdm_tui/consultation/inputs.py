"""The patient's inputs to a format-2 aid, and the aid as it is shown for them.

The clinician enters each input (a 10-year risk, an age band) through `set_input`, which
checks the value against the aid (`evidence.parse_value`) and stamps who entered it and when.
`shown_aid` is the aid with every outcome's counts for those inputs: the one thing screens
and the record show, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sdm_tui.aid.evidence import (
    InputError,
    Value,
    default_values,
    missing_required,
    parse_value,
    personalise,
    value_phrase,
)
from sdm_tui.aid.model import DecisionAid, Input
from sdm_tui.consultation.entries import changed, make_entry
from sdm_tui.consultation.record import Consultation
from sdm_tui.i18n import _

__all__ = [
    "InputError",
    "UsedInput",
    "basis_sentence",
    "clear_input",
    "input_values",
    "inputs_used",
    "missing_inputs",
    "set_input",
    "shown_aid",
]


def set_input(c: Consultation, input_id: str, raw: object, contributor: str = "clinician") -> None:
    """Enter an input's value (text as typed, or a number). InputError says what is wrong
    (out of range, not a number, not a choice); ValueError for an input the aid lacks."""
    item = c.aid.input(input_id)
    if item is None:
        raise ValueError(_("the aid has no input {input}").format(input=repr(input_id)))
    value = parse_value(item, raw)
    old = c.inputs.get(input_id)
    if old is not None and old.value == value and old.contributor == contributor:
        return
    c.inputs[input_id] = make_entry(c, value, contributor)
    changed(c, "set_input")


def clear_input(c: Consultation, input_id: str) -> None:
    """Forget an input's value (its default, if any, applies again)."""
    if c.inputs.pop(input_id, None) is not None:
        changed(c, "clear_input")


def input_values(c: Consultation) -> dict[str, Value]:
    """Every input's value in force: entered, else the aid's default."""
    values = default_values(c.aid)
    values.update({key: entry.value for key, entry in c.inputs.items()})
    return values


def shown_aid(c: Consultation) -> DecisionAid:
    """The aid with its counts for this patient's inputs (the aid itself for format 1)."""
    if not c.aid.is_personalised:
        return c.aid
    return personalise(c.aid, input_values(c))


def missing_inputs(c: Consultation) -> tuple[Input, ...]:
    """Required inputs with no value yet: no personalised number shows until they are in."""
    return missing_required(c.aid, input_values(c))


@dataclass(frozen=True, slots=True)
class UsedInput:
    """An input as the numbers use it: what it is, its value, and who gave it."""

    item: Input
    value: Value
    phrase: str
    """ "14 in 100", or a choice's label."""
    entered_by: str
    """ "clinician", "patient", "both", or "" for the aid's default."""


def inputs_used(c: Consultation) -> list[UsedInput]:
    """The inputs in force, in the aid's order."""
    values = input_values(c)
    used = []
    for item in c.aid.inputs:
        if item.id not in values:
            continue
        entry = c.inputs.get(item.id)
        used.append(
            UsedInput(
                item,
                values[item.id],
                value_phrase(item, values[item.id]),
                entry.contributor if entry is not None else "",
            )
        )
    return used


def basis_sentence(c: Consultation) -> str:
    """ "For 10-year risk of a stroke: 14 in 100, as entered by the clinician." (or what is
    still missing); empty for an aid without inputs."""
    if not c.aid.inputs:
        return ""
    missing = missing_inputs(c)
    if missing:
        names = "; ".join(item.label for item in missing)
        return _("To see the numbers for this patient, enter: {inputs}.").format(inputs=names)
    parts = [_input_used(used) for used in inputs_used(c)]
    return _("Numbers for {inputs}.").format(inputs="; ".join(parts))


def _input_used(used: UsedInput) -> str:
    """ "10-year risk of a stroke: 14 in 100, as entered by the clinician"."""
    label, value = used.item.label, used.phrase
    if not used.entered_by:
        return _("{input}: {value} (the aid's default)").format(input=label, value=value)
    if used.entered_by == "both":
        text = _("{input}: {value}, as entered by patient and clinician")
    elif used.entered_by == "patient":
        text = _("{input}: {value}, as entered by the patient")
    elif used.entered_by == "clinician":
        text = _("{input}: {value}, as entered by the clinician")
    elif used.entered_by == "companion":
        text = _("{input}: {value}, as entered by the companion")
    else:  # no other contributor is known
        text = _("{input}: {value}, as entered by the {who}")
    return text.format(input=label, value=value, who=used.entered_by)
