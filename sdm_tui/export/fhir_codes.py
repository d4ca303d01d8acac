"""The codes the FHIR document uses, and sdm-tui's own code system where no real code fits.

Real codes only where one was found that means what sdm-tui records (LOINC, HL7 v3, HL7
terminology): see docs/record-format.md, "Codes", for each choice and its source. Where
none fits, the code is sdm-tui's own, in the code system `SDM_CODES` that sdm-tui defines
and ships (`fhir/sdm-tui-codes.json`). No code is ever made up in LOINC's, SNOMED CT's or
any other system's namespace, and no text a person typed ever becomes a code.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "CANONICAL",
    "CODE_SYSTEM_VERSION",
    "CONFIDENTIALITY",
    "DATA_ABSENT",
    "DOCUMENT_TYPE",
    "ENCOUNTER_CLASS",
    "LOINC",
    "SDM_CODES",
    "SDM_CONCEPTS",
    "SECTION_CODES",
    "aid_options_system",
    "sdm_coding",
    "section_coding",
]

CANONICAL: Final = "https://sdm-tui.example.org/fhir"
"""The base of every canonical URL sdm-tui defines (code system, questionnaires). The
`.example.org` host is reserved (RFC 2606) until the project publishes its own: change it
here, once, and regenerate the shipped resources (scripts/write_fhir_resources.py)."""
SDM_CODES: Final = f"{CANONICAL}/CodeSystem/sdm-tui"
CODE_SYSTEM_VERSION: Final = "1.0.0"
LOINC: Final = "http://loinc.org"
DATA_ABSENT: Final = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

DOCUMENT_TYPE: Final = {"system": LOINC, "code": "18776-5", "display": "Plan of care note"}
"""LOINC 18776-5: "Plan of care notes ... contain data that defines pending orders,
interventions, encounters, services, and procedures for the patient ... information about
ongoing care of the patient and information regarding goals" (why: docs/record-format.md)."""
CONFIDENTIALITY: Final = "N"
"""HL7 v3 Confidentiality "N" (normal): the usual level of a clinical note."""
ENCOUNTER_CLASS: Final = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    "code": "AMB",
    "display": "ambulatory",
}

SECTION_CODES: Final[dict[str, dict[str, str]]] = {
    "plan": {"system": LOINC, "code": "18776-5", "display": "Plan of care note"},
    "review": {"system": LOINC, "code": "61146-7", "display": "Goals narrative"},
    "what-matters": {
        "system": LOINC,
        "code": "81338-6",
        "display": "Patient Goals, preferences, and priorities for care experience",
    },
}
"""The document's sections that have a LOINC section code; the others have sdm-tui's."""

SDM_CONCEPTS: Final[dict[str, tuple[str, str]]] = {
    # code: (display, definition)
    "shared-decision-making": (
        "Shared decision making consultation",
        "A consultation in which a patient and clinician decide together, with a decision "
        "aid, between reasonable options.",
    ),
    "clinician": (
        "Clinician in the shared decision",
        "A clinician taking part in the shared decision; the clinician's own role (e.g. GP) "
        "is given as text.",
    ),
    "decision": (
        "Decision made together",
        "What patient and clinician decided: an option of the decision aid, or not yet.",
    ),
    "not-yet": (
        "Not decided yet",
        "Patient and clinician have not decided yet; what is needed first is given.",
    ),
    "not-yet-reason": ("What is needed before deciding", "Why the decision waits."),
    "more-time": ("More time to think", "More time to think is needed before deciding."),
    "more-information": ("More information", "More information is needed before deciding."),
    "talk-with-others": (
        "Talk it over with family or others",
        "The patient wants to talk it over with family or others before deciding.",
    ),
    "other": ("Another reason", "Another reason, given as text."),
    "knowledge-checks": (
        "Knowledge checks",
        "The decision aid's questions on the options, with the answers given.",
    ),
    "preferences": (
        "What matters to the patient",
        "The patient's preferred part in deciding, how much each of the aid's values "
        "matters (0 not at all to 4 very much) and their own words.",
    ),
    "agree-1": ("Strongly agree", "An answer on a five-point agreement scale."),
    "agree-2": ("Agree", "An answer on a five-point agreement scale."),
    "agree-3": ("Neither agree nor disagree", "An answer on a five-point agreement scale."),
    "agree-4": ("Disagree", "An answer on a five-point agreement scale."),
    "agree-5": ("Strongly disagree", "An answer on a five-point agreement scale."),
}
"""sdm-tui's own concepts besides the section codes (added by `section_concepts`)."""

SECTION_TITLES: Final[dict[str, str]] = {
    "warnings": "Warnings",
    "about": "About this record",
    "participants": "Who took part",
    "preferred-role": "Preferred role in deciding",
    "what-matters": "What matters to the patient",
    "options": "The options",
    "weighing-up": "Weighing up",
    "alignment": "How the ratings line up with each option",
    "leaning": "Leaning",
    "clinician-view": "Clinician's view",
    "knowledge-checks": "Knowledge checks",
    "sure": "SURE test (decisional conflict)",
    "decision": "Decision",
    "plan": "Next steps",
    "review": "Review",
    "sources": "Sources",
    "confirmations": "Confirmations",
    "collaborate": "Patient's rating of the consultation (CollaboRATE)",
    "evidence": "Personalised evidence",
    "earlier": "The decision being reviewed (a follow-up)",
    "how-it-went": "How the decision went (a follow-up)",
    "regret": "Looking back on the decision (Decision Regret Scale)",
    "about-aid": "About this decision aid",
    "others-views": "Others' views and any pressure",
    "change-your-mind": "You can change your mind",
    "option-grid": "The options side by side",
    "contact": "Your clinic",
}
"""Every section key of the clinic record: each gets a code (LOINC's or sdm-tui's)."""


def sdm_coding(code: str) -> dict[str, str]:
    """A coding in sdm-tui's own code system (KeyError for a code it does not define)."""
    display = SDM_CONCEPTS[code][0] if code in SDM_CONCEPTS else section_display(code)
    return {"system": SDM_CODES, "version": CODE_SYSTEM_VERSION, "code": code, "display": display}


def section_display(key: str) -> str:
    return f"Section: {SECTION_TITLES[key]}"


def section_coding(key: str) -> dict[str, str]:
    """The section's LOINC code where a real one fits, else sdm-tui's "section-KEY"."""
    if key in SECTION_CODES:
        return dict(SECTION_CODES[key])
    code = f"section-{key}"
    return {
        "system": SDM_CODES,
        "version": CODE_SYSTEM_VERSION,
        "code": code,
        "display": section_display(key),
    }


def aid_inputs_system(aid_id: str) -> str:
    """The code system of one decision aid's patient inputs (aid format 2): the codes are
    the input ids the aid file defines; a choice input's values are in
    `aid_inputs_system(aid_id)/INPUT_ID`."""
    return f"{CANONICAL}/CodeSystem/aid-inputs/{aid_id}"


def aid_options_system(aid_id: str) -> str:
    """The code system of one decision aid's options: the codes are the option ids that
    the aid file defines (authored, never typed in a consultation)."""
    return f"{CANONICAL}/CodeSystem/aid-options/{aid_id}"


def code_system() -> dict[str, Any]:
    """sdm-tui's own code system as a FHIR CodeSystem resource (shipped as JSON)."""
    concepts = [
        {"code": code, "display": display, "definition": definition}
        for code, (display, definition) in SDM_CONCEPTS.items()
    ]
    concepts += [
        {
            "code": f"section-{key}",
            "display": section_display(key),
            "definition": f"The part of a shared decision making record headed {title!r}.",
        }
        for key, title in SECTION_TITLES.items()
        if key not in SECTION_CODES
    ]
    return {
        "resourceType": "CodeSystem",
        "id": "sdm-tui",
        "url": SDM_CODES,
        "version": CODE_SYSTEM_VERSION,
        "name": "SdmTuiCodes",
        "title": "sdm-tui codes",
        "status": "active",
        "experimental": False,
        "publisher": "sdm-tui",
        "description": "Codes sdm-tui uses in its FHIR documents where no LOINC, SNOMED CT or "
        "HL7 code fits: document sections, the decision, the clinician's part, answer "
        "scales. See docs/record-format.md.",
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }
