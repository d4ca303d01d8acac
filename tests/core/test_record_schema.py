"""The record's JSON Schema: real records fit it, broken ones do not, and it says what the
code says (enumerations, version, every field), as does docs/record-format.md."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema
import pytest
import tomli

from sdm_tui.aid import schema as aid_schema
from sdm_tui.aid.library import bundled_aids_folder
from sdm_tui.aid.loader import load_aid
from sdm_tui.consultation import (
    CONTRIBUTORS,
    MODES,
    NOT_YET_REASONS,
    OWN_WORDS,
    PLAN_WHO,
    ROLES_IN_DECIDING,
    SURE_ITEMS,
    add_plan_step,
    answer_check,
    confirm,
    decide,
    new_consultation,
    set_own_words,
    set_rating,
    set_review,
    set_sure,
)
from sdm_tui.consultation.record import PARTICIPANT_ROLES
from sdm_tui.export import RECORD_FORMAT, RECORD_VERSION
from sdm_tui.export.record_file import record_schema
from sdm_tui.export.record_model import RecordError, record_from_data
from sdm_tui.report.validate import DECISIONS
from tests.builders import ROOT, FixedClock, minimal_aid
from tests.export_records import ALL_RECORDS, full_record, record_data

SCHEMA_FILE = ROOT / "sdm_tui" / "export" / "record.schema.json"
DOC = ROOT / "docs" / "record-format.md"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator: jsonschema.Draft202012Validator, record: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]


@pytest.mark.parametrize("name", sorted(ALL_RECORDS))
def test_records_fit_the_schema(validator, name: str) -> None:
    assert _errors(validator, ALL_RECORDS[name]()) == []


def test_preview_and_bundled_aids_fit_the_schema(validator) -> None:
    preview = record_data(new_consultation(minimal_aid(), mode="preview", clock=FixedClock()))
    assert _errors(validator, preview) == []
    for path in sorted(bundled_aids_folder().glob("*.toml")):
        aid = load_aid(path)
        c = new_consultation(aid, clock=FixedClock())
        for index, value in enumerate(aid.values):
            set_rating(c, value.id, index % 5)
        for index in range(len(aid.checks)):
            answer_check(c, index, 0)
        for key, _ in SURE_ITEMS:
            set_sure(c, key, True)
        set_own_words(c, "questions", "Why?")
        decide(c, aid.options[0].id, differs_reason="Because")
        add_plan_step(c, "Book", "someone else")
        set_review(c, "soon")
        confirm(c, "clinician")
        assert _errors(validator, record_data(c)) == [], aid.id


def test_the_packaged_schema_is_the_file(schema: dict[str, Any]) -> None:
    assert record_schema() == schema


def test_package_data_ships_the_schema() -> None:
    pyproject = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert "*.json" in patterns
    assert "jsonschema" in " ".join(pyproject["project"]["optional-dependencies"]["test"])


def _at(schema: dict[str, Any], *path: str) -> dict[str, Any]:
    """The schema of a field: `path` names properties, "[]" list items, "{}" map values;
    references are followed, and of null-or-something the something is taken."""
    defs = schema["$defs"]

    def resolved(node: dict[str, Any]) -> dict[str, Any]:
        while True:
            if "$ref" in node:
                node = {
                    **defs[node["$ref"].split("/")[-1]],
                    **{k: v for k, v in node.items() if k != "$ref"},
                }
            elif "anyOf" in node and not any("properties" in n or "$ref" in n for n in ()):
                branches = [b for b in node["anyOf"] if b.get("type") != "null"]
                if len(branches) != 1:
                    return node
                node = branches[0]
            else:
                return node

    node = resolved(schema)
    for step in path:
        if step == "[]":
            node = resolved(node["items"])
        elif step == "{}":
            node = resolved(node["additionalProperties"])
        else:
            node = resolved(node["properties"][step])
    return node


def _enum(node: dict[str, Any]) -> list[Any]:
    return sorted(node["enum"], key=str)


def test_schema_says_what_the_code_says(schema: dict[str, Any]) -> None:
    props = schema["properties"]
    assert _at(schema, "record_format")["enum"] == [RECORD_FORMAT]
    assert props["record_version"]["const"] == RECORD_VERSION
    assert _enum(_at(schema, "mode")) == sorted(MODES)
    for path in (("ratings", "[]"), ("plan", "[]"), ("sure", "items", "[]"), ("leaning",)):
        assert _enum(_at(schema, *path, "contributor")) == sorted(CONTRIBUTORS), path
    assert _enum(_at(schema, "participants", "[]", "role")) == sorted(PARTICIPANT_ROLES)
    assert _enum(_at(schema, "preferred_role", "value")) == sorted(ROLES_IN_DECIDING)
    assert _enum(_at(schema, "own_words")["propertyNames"]) == sorted(OWN_WORDS)
    sure_keys = _enum(_at(schema, "sure", "items", "[]", "key"))
    assert sure_keys == sorted(key for key, _ in SURE_ITEMS)
    assert _enum(_at(schema, "plan", "[]", "who")) == sorted(PLAN_WHO)
    decisions = {
        ref["$ref"].split("/")[-1]: schema["$defs"][ref["$ref"].split("/")[-1]]
        for ref in props["decision"]["anyOf"]
    }
    statuses = sorted(d["properties"]["status"]["enum"][0] for d in decisions.values())
    assert statuses == sorted(DECISIONS)
    reasons = decisions["DecisionNotYet"]["properties"]["not_yet_reason"]["enum"]
    assert sorted(reasons) == sorted(NOT_YET_REASONS)
    assert _enum(_at(schema, "aid", "status")) == sorted(aid_schema.STATUSES)
    assert _enum(_at(schema, "aid", "options", "[]", "kind")) == sorted(aid_schema.OPTION_KINDS)
    outcome = ("aid", "outcomes", "[]")
    assert _enum(_at(schema, *outcome, "type")) == sorted(aid_schema.OUTCOME_TYPES)
    assert _enum(_at(schema, *outcome, "certainty")) == sorted(("", *aid_schema.CERTAINTIES))
    assert _at(schema, "aid", "id")["pattern"] == aid_schema.ID_PATTERN
    assert _at(schema, *outcome, "id")["pattern"] == aid_schema.ITEM_ID_PATTERN
    assert _at(schema, "ratings", "[]", "value_id")["pattern"] == aid_schema.ITEM_ID_PATTERN


def _object_keys(value: Any, path: str = "") -> set[str]:
    """Every key path of a record, lists collapsed ("ratings[].rating")."""
    keys: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            keys.add(f"{path}.{key}")
            keys |= _object_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            keys |= _object_keys(item, f"{path}[]")
    return keys


def _field_keys(record: Any) -> set[str]:
    """The record's field paths; maps keyed by option id are data, not fields."""
    return {
        key
        for key in _object_keys(record)
        if not re.search(r"\.(alignment|chance|favours|answers)\.", key + ".")
        or key.endswith((".alignment", ".chance", ".favours", ".answers"))
    }


def _schema_keys(node: Any, defs: dict[str, Any], path: str = "") -> set[str]:
    keys: set[str] = set()
    if not isinstance(node, dict):
        return keys
    if "$ref" in node:
        keys |= _schema_keys(defs[node["$ref"].split("/")[-1]], defs, path)
    for branch in node.get("oneOf", []) + node.get("anyOf", []):
        keys |= _schema_keys(branch, defs, path)
    names = node.get("propertyNames", {}).get("enum", [])
    properties = {name: node["additionalProperties"] for name in names}
    for key, sub in {**properties, **node.get("properties", {})}.items():
        keys.add(f"{path}.{key}")
        keys |= _schema_keys(sub, defs, f"{path}.{key}")
    if "items" in node:
        keys |= _schema_keys(node["items"], defs, f"{path}[]")
    return keys


def test_the_schema_names_every_field_of_a_full_record(schema: dict[str, Any]) -> None:
    record = full_record()
    found = _field_keys(record)
    assert found <= _schema_keys(schema, schema["$defs"])
    # Every field is required, but for those added to version 1 later (older records lack them).
    assert set(schema["required"]) <= set(record) <= set(schema["properties"])
    optional = {
        "collaborate",
        "patient_identifier",
        "consultation_id",
        "review_date",
        "no_review",
        "follow_up",
        "others_views",
        "inputs",
        "patient_language",
    }
    assert set(schema["properties"]) - set(schema["required"]) <= optional


def test_the_schema_names_every_field_of_a_follow_up_record(schema: dict[str, Any]) -> None:
    from sdm_tui.consultation.follow_up import (
        keep_decision,
        set_acted_on,
        set_regret,
        set_step_outcome,
    )
    from sdm_tui.export import to_record
    from sdm_tui.export.follow_up_start import start_follow_up
    from sdm_tui.export.record_model import record_from_data, record_to_data

    c = start_follow_up(record_from_data(full_record()), "earlier-record.json")
    set_step_outcome(c, 0, "done")
    set_acted_on(c, "yes")
    keep_decision(c)
    for number in range(1, 6):
        set_regret(c, number, 2)
    record = record_to_data(to_record(c))
    found = _field_keys(record)
    assert ".follow_up.regret.items[].statement" in found
    assert found <= _schema_keys(schema, schema["$defs"])


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r["ratings"][0].update(rating=5), ["ratings", 0, "rating"]),
        (lambda r: r.update(mode="live"), ["mode"]),
        (lambda r: r.update(started_at="2026-11-26 04:12"), ["started_at"]),
        (lambda r: r.update(record_version=3), ["record_version"]),
        (lambda r: r["plan"][0].update(who="nobody"), ["plan", 0, "who"]),
        (lambda r: r["plan"][0].update(what=""), ["plan", 0, "what"]),
        # chosen but no option: none of the decision's kinds fits (the model says where)
        (lambda r: r["decision"].update(option_id=None), ["decision"]),
        (lambda r: r["confirmations"].pop("clinician"), ["confirmations"]),
        (lambda r: r["aid"].update(sha256="abc"), ["aid", "sha256"]),
        (
            lambda r: r["aid"]["outcomes"][0]["chance"].update(tablet=-1),
            ["aid", "outcomes", 0, "chance", "tablet"],
        ),
        (lambda r: r["sure"].update(score=5), ["sure", "score"]),
        (lambda r: r["own_words"].update(diary={}), ["own_words"]),
        (lambda r: r.update(notes="x"), []),
    ],
)
def test_broken_records_do_not_fit(validator, change, where: list[Any]) -> None:
    record = copy.deepcopy(full_record())
    change(record)
    paths = [list(e.absolute_path) for e in validator.iter_errors(record)]
    assert where in paths
    with pytest.raises(RecordError) as refused:  # the model refuses it too, saying where
        record_from_data(record)
    said = str(refused.value)
    if where[:1] != ["record_version"]:
        shown = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where)
        shown = shown.replace(".chance.tablet", ".chance[...]")
        assert f"at {shown}" in said, said


def test_the_documentation_keeps_up(schema: dict[str, Any]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert f"`record_version` is **{RECORD_VERSION}**" in doc
    assert "sdm_tui/export/record.schema.json" in doc
    for key in schema["properties"]:
        assert f"`{key}`" in doc, f"docs/record-format.md does not describe {key}"
    for flag in ("--format", "--audience", "--paper", "-o"):
        assert flag in doc
