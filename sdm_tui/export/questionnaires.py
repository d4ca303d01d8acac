"""The questionnaires sdm-tui asks, as FHIR R4 Questionnaires with versioned canonical URLs.

- SURE (Légaré et al. 2010): four yes/no questions; one point per yes, 3 or less screens
  positive for decisional conflict. Asked in the consultation.
- CollaboRATE, 5-point version (Elwyn et al. 2013): three questions, 0 (no effort was made)
  to 4 (every effort was made), answered by the patient alone.
- Decision Regret Scale (Brehaut et al. 2003): five statements on a five-point agreement
  scale, for the follow-up after the decision. Shipped as a *draft*: see its description.

The question wording is the one the consultation itself uses (`sdm_tui.consultation`), so a
QuestionnaireResponse in a document always answers the questions as they were asked. Each
linkId is the key the record keeps the answer under.
"""

from __future__ import annotations

from typing import Any, Final

from sdm_tui.consultation import follow_up
from sdm_tui.consultation.collaborate import (
    COLLABORATE_CITATION,
    COLLABORATE_ITEMS,
    COLLABORATE_LABELS,
)
from sdm_tui.consultation.record import SURE_ITEMS
from sdm_tui.export.fhir_codes import CANONICAL, sdm_coding

__all__ = [
    "COLLABORATE",
    "DECISION_REGRET",
    "SURE",
    "all_questionnaires",
    "canonical",
]

SURE: Final = "sure"
COLLABORATE: Final = "collaborate"
DECISION_REGRET: Final = "decision-regret"
VERSIONS: Final = {SURE: "1.0.0", COLLABORATE: "1.0.0", DECISION_REGRET: "0.1.0"}

SURE_CITATION: Final = (
    "Légaré F, Kearing S, Clay K, et al. Are you SURE? Assessing patient decisional conflict "
    "with a 4-item screening test. Can Fam Physician 2010;56(8):e308-14."
)
REGRET_CITATION: Final = (
    "Brehaut JC, O'Connor AM, Wood TJ, et al. Validation of a decision regret scale. Med "
    "Decis Making 2003;23(4):281-92. doi:10.1177/0272989X03256005."
)
REGRET_ITEMS: Final = tuple(
    zip(
        ("right", "regret", "same-again", "harm", "wise"),
        (statement for _number, statement, _reversed in follow_up.REGRET_ITEMS),
        strict=True,
    )
)
"""The follow-up's statements (one wording, kept in the core), with link ids. Items 2
and 4 are scored in reverse (Brehaut et al. 2003)."""


def url(name: str) -> str:
    return f"{CANONICAL}/Questionnaire/{name}"


def canonical(name: str) -> str:
    """The versioned canonical a QuestionnaireResponse names: URL|version."""
    return f"{url(name)}|{VERSIONS[name]}"


def _questionnaire(name: str, title: str, description: str, items: list[Any]) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": name,
        "url": url(name),
        "version": VERSIONS[name],
        "name": "".join(part.capitalize() for part in name.split("-")),
        "title": title,
        "status": "draft" if name == DECISION_REGRET else "active",
        "experimental": name == DECISION_REGRET,
        "subjectType": ["Patient"],
        "publisher": "sdm-tui",
        "description": description,
        "item": items,
    }


def sure() -> dict[str, Any]:
    items: list[Any] = [
        {"linkId": key, "text": question, "type": "boolean", "required": True}
        for key, question in SURE_ITEMS
    ]
    items.append(
        {
            "linkId": "score",
            "text": "SURE score: the number of yes answers (3 or less: possible decisional "
            "conflict)",
            "type": "integer",
            "readOnly": True,
        }
    )
    return _questionnaire(
        SURE,
        "SURE test of decisional conflict",
        f"Four yes/no questions; one point per yes; 3 or less screens positive for "
        f"decisional conflict. {SURE_CITATION}",
        items,
    )


def collaborate() -> dict[str, Any]:
    scale = "; ".join(f"{n} {label.lower()}" for n, label in enumerate(COLLABORATE_LABELS))
    items: list[Any] = [
        {"linkId": key, "text": f"{question} (0 to 4: {scale})", "type": "integer"}
        for key, question in COLLABORATE_ITEMS
    ]
    items.append(
        {
            "linkId": "top-score",
            "text": "Top score: every effort was made (4) on all three questions",
            "type": "boolean",
            "readOnly": True,
        }
    )
    return _questionnaire(
        COLLABORATE,
        "CollaboRATE (5-point version)",
        f"The patient's own rating of how far the decision was shared, answered alone "
        f"after the consultation. {COLLABORATE_CITATION}",
        items,
    )


def decision_regret() -> dict[str, Any]:
    options = [{"valueCoding": sdm_coding(f"agree-{n}")} for n in range(1, 6)]
    items: list[Any] = [
        {"linkId": key, "text": text, "type": "choice", "answerOption": options}
        for key, text in REGRET_ITEMS
    ]
    items.append(
        {
            "linkId": "score",
            "text": "Decision regret score, 0 (no regret) to 100 (high regret)",
            "type": "integer",
            "readOnly": True,
        }
    )
    return _questionnaire(
        DECISION_REGRET,
        "Decision Regret Scale",
        "Please think about the decision you made after talking to your clinician. Five "
        "statements, each answered from strongly agree (1) to strongly disagree (5); items "
        "2 and 4 are scored in reverse; the score is transformed to 0 (no regret) to 100 "
        f"(high regret). {REGRET_CITATION} DRAFT: the statements' wording could not be "
        "checked against the published scale when this was written; check it before use.",
        items,
    )


def all_questionnaires() -> dict[str, dict[str, Any]]:
    """Every questionnaire, by the file name it ships as."""
    return {
        "questionnaire-sure.json": sure(),
        "questionnaire-collaborate.json": collaborate(),
        "questionnaire-decision-regret.json": decision_regret(),
    }
