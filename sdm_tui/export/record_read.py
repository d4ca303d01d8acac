"""Read a consultation record back into a Consultation (crash recovery).

Records come from disk, so nothing in them is trusted: every key is checked against the
aid and the rules' own limits, and free text is neutralised again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sdm_tui.aid.model import DecisionAid
from sdm_tui.consultation.collaborate import COLLABORATE_KEYS, MAX_COLLABORATE
from sdm_tui.consultation.entries import check_contributor, clean, is_int
from sdm_tui.consultation.record import (
    CONFIRMING_ROLES,
    MAX_RATING,
    MODES,
    NOT_YET_REASONS,
    OWN_WORDS,
    PARTICIPANT_ROLES,
    PLAN_WHO,
    ROLES_IN_DECIDING,
    SURE_KEYS,
    UNSURE,
    Clock,
    Consultation,
    Decision,
    Entry,
    Participant,
    PlanStep,
    utc_now,
)
from sdm_tui.export.timefmt import from_iso

RECORD_FORMAT = "sdm-tui/consultation"
RECORD_VERSION = 1


class RecordError(ValueError):
    """A record that cannot be read back: wrong format, another aid, or bad content."""


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise RecordError(message)


def _entry(data: Mapping[str, Any], value: Any) -> Entry:
    return Entry(value, check_contributor(data["contributor"]), from_iso(data["at"]))


def _text_entry(data: Mapping[str, Any] | None) -> Entry | None:
    if data is None:
        return None
    text = clean(data["text"])
    return _entry(data, text) if text else None


def _participant(data: Mapping[str, Any]) -> Participant:
    _need(data["role"] in PARTICIPANT_ROLES, f"unknown participant role {data['role']!r}")
    return Participant(data["role"], clean(data["name"]), clean(data["detail"]))


def _rating(data: Mapping[str, Any], value_ids: set[str]) -> tuple[str, Entry]:
    _need(data["value_id"] in value_ids, f"unknown value {data['value_id']!r}")
    rating = data["rating"]
    _need(is_int(rating) and 0 <= rating <= MAX_RATING, f"bad rating {rating!r}")
    return data["value_id"], _entry(data, rating)


def _check(data: Mapping[str, Any], aid: DecisionAid) -> tuple[int, Entry]:
    index, chosen = data["index"], data["chosen"]
    _need(is_int(index) and 0 <= index < len(aid.checks), f"no knowledge check {index!r}")
    choices = aid.checks[index].choices
    _need(is_int(chosen) and 0 <= chosen < len(choices), f"no choice {chosen!r}")
    return index, _entry(data, chosen)


def _decision(data: Mapping[str, Any], option_ids: set[str]) -> Entry | None:
    status = data["status"]
    if status == "none":
        return None
    reason_text, differs = clean(data["reason_text"]), clean(data["differs_reason"])
    if status == "chosen":
        _need(data["option_id"] in option_ids, f"unknown option {data['option_id']!r}")
        return _entry(data, Decision(data["option_id"], None, reason_text, differs))
    _need(status == "not_yet", f"unknown decision status {status!r}")
    reason = data["not_yet_reason"]
    _need(reason in NOT_YET_REASONS, f"unknown reason {reason!r}")
    return _entry(data, Decision(None, reason, reason_text, differs))


def _plan_step(data: Mapping[str, Any]) -> PlanStep:
    _need(data["who"] in PLAN_WHO, f"unknown 'who' {data['who']!r}")
    return PlanStep(
        clean(data["what"]),
        data["who"],
        clean(data["by_when"]),
        check_contributor(data["contributor"]),
        from_iso(data["at"]),
    )


def _collaborate(data: Mapping[str, Any] | None) -> dict[str, Entry]:
    """The CollaboRATE answers; a record made before the rating existed has none."""
    answers: dict[str, Entry] = {}
    for item in [] if data is None else data["items"]:
        key, score = item["key"], item["score"]
        _need(key in COLLABORATE_KEYS, f"unknown CollaboRATE question {key!r}")
        _need(is_int(score) and 0 <= score <= MAX_COLLABORATE, f"bad CollaboRATE answer {score!r}")
        _need(item["contributor"] == "patient", "a CollaboRATE answer is the patient's own")
        answers[key] = _entry(item, score)
    return answers


def _check_header(record: Mapping[str, Any], aid: DecisionAid) -> None:
    _need(record.get("record_format") == RECORD_FORMAT, "not a consultation record")
    version = record.get("record_version")
    _need(version == RECORD_VERSION, f"record version {version!r} is not {RECORD_VERSION}")
    _need(record["mode"] in MODES, f"unknown mode {record['mode']!r}")
    _need(record["aid"]["id"] == aid.id, f"record is for aid {record['aid']['id']!r}")
    recorded = record["aid"]["sha256"]
    _need(
        not (recorded and aid.sha256) or recorded == aid.sha256,
        "the aid file has changed since this record was made",
    )


def _read(record: Mapping[str, Any], aid: DecisionAid, clock: Clock) -> Consultation:
    _check_header(record, aid)
    option_ids = {option.id for option in aid.options}
    value_ids = {value.id for value in aid.values}
    c = Consultation(aid=aid, mode=record["mode"], clock=clock)
    c.started_at = from_iso(record["started_at"])
    c.participants = [_participant(p) for p in record["participants"]]
    if (role := record["preferred_role"]) is not None:
        _need(role["value"] in ROLES_IN_DECIDING, f"unknown role {role['value']!r}")
        c.preferred_role = _entry(role, role["value"])
    c.ratings = dict(_rating(r, value_ids) for r in record["ratings"])
    for key, words in record["own_words"].items():
        _need(key in OWN_WORDS, f"unknown own-words box {key!r}")
        if (entry := _text_entry(words)) is not None:
            c.own_words[key] = entry
    if (leaning := record["leaning"]) is not None:
        value = leaning["value"]
        _need(value == UNSURE or value in option_ids, f"unknown leaning {value!r}")
        c.leaning = _entry(leaning, value)
    c.clinician_view = _text_entry(record["clinician_view"])
    c.check_answers = dict(_check(k, aid) for k in record["knowledge_checks"])
    for item in record["sure"]["items"]:
        _need(item["key"] in SURE_KEYS, f"unknown SURE item {item['key']!r}")
        _need(isinstance(item["answer"], bool), f"bad SURE answer {item['answer']!r}")
        c.sure[item["key"]] = _entry(item, item["answer"])
    c.decision = _decision(record["decision"], option_ids)
    c.plan = [_plan_step(step) for step in record["plan"]]
    c.review = _text_entry(record["review"])
    c.success_measure = _text_entry(record["success_measure"])
    for role in CONFIRMING_ROLES:
        if (when := record["confirmations"].get(role)) is not None:
            c.confirmations[role] = from_iso(when)
    c.collaborate = _collaborate(record.get("collaborate"))
    return c


def from_record(
    record: Mapping[str, Any], aid: DecisionAid, clock: Clock = utc_now
) -> Consultation:
    """Rebuild the consultation a record was made from, with the same aid file.

    Raises RecordError when the record is of another format or aid, or malformed.
    The result counts as not exported.
    """
    try:
        return _read(record, aid, clock)
    except RecordError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise RecordError(f"malformed consultation record: {error!r}") from error
