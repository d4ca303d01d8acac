"""Patient and clinician each confirm the decision; the record shows that both did."""

from __future__ import annotations

from sdm_tui.consultation.decision import not_yet_gap
from sdm_tui.consultation.entries import announce, stamp
from sdm_tui.consultation.record import CONFIRMING_ROLES, ConfirmingRole, Consultation
from sdm_tui.i18n import _


def _check(c: Consultation, role: str) -> None:
    if role not in CONFIRMING_ROLES:
        raise ValueError(
            _("only {roles} confirm, not {role}").format(roles=CONFIRMING_ROLES, role=repr(role))
        )
    if c.exported_at is not None:
        raise ValueError(_("this consultation has been exported; change it first"))
    if c.decision is None:
        raise ValueError(_("there is no decision to confirm yet"))


def confirm(c: Consultation, role: ConfirmingRole) -> None:
    """Record that `role` confirms the decision and plan as shown. Confirming again keeps
    the first time. A "not yet" without a way back (`not_yet_gap`) is refused."""
    _check(c, role)
    if (gap := not_yet_gap(c)) is not None and role not in c.confirmations:
        raise ValueError(gap)
    if role not in c.confirmations:
        c.confirmations[role] = stamp(c)
        announce(c, f"confirm:{role}")


def withdraw(c: Consultation, role: ConfirmingRole) -> bool:
    """Withdraw `role`'s confirmation; returns whether there was one."""
    _check(c, role)
    withdrawn = c.confirmations.pop(role, None) is not None
    if withdrawn:
        announce(c, f"withdraw:{role}")
    return withdrawn


def toggle_confirmation(c: Consultation, role: ConfirmingRole) -> bool:
    """Confirm for `role`, or withdraw a confirmation already given (the confirm buttons).
    Returns False, changing nothing, where the rules refuse: the screens switch those
    buttons off, so a press that comes anyway is a race and is dropped."""
    try:
        if role in c.confirmations:
            withdraw(c, role)
        else:
            confirm(c, role)
    except ValueError:
        return False
    return True


def both_confirmed(c: Consultation) -> bool:
    return all(role in c.confirmations for role in CONFIRMING_ROLES)
