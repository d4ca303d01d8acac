"""`sdm-tui schema`: a JSON Schema (draft 2020-12) generated from `schema.py`, that every
bundled aid satisfies and that broken files fail."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli
from jsonschema import Draft202012Validator

from sdm_tui.aid import schema
from sdm_tui.aid.json_schema import aid_json_schema, schema_text
from sdm_tui.aid.library import aid_files, bundled_aids_folder
from sdm_tui.aid.schema import Field
from sdm_tui.aid.template import render
from sdm_tui.cli import main
from tests.builders import DATA as TEST_DATA
from tests.builders import ROOT

DATA = TEST_DATA / "aids"
INVALID = DATA / "invalid"


def as_json(value: Any) -> Any:
    """TOML data as an editor's schema checker sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def parsed(text: str) -> Any:
    return as_json(tomli.loads(text))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(
        aid_json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def test_schema_is_valid_draft_2020_12() -> None:
    document = aid_json_schema()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


def walk(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, item in node.items():
            yield from walk(item, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, f"{where}/{index}")


def test_every_key_has_a_description_and_objects_are_closed() -> None:
    for where, node in walk(aid_json_schema()):
        for name, prop in node.get("properties", {}).items():
            assert prop.get("description"), f"{where}/properties/{name} has no description"
        if node.get("type") == "object" and "properties" in node:
            assert node["additionalProperties"] is False, where


def fields_with_paths(fields: tuple[Field, ...], path: str = "") -> Iterator[tuple[str, Field]]:
    for field in fields:
        yield f"{path}/{field.name}", field
        yield from fields_with_paths(field.fields, f"{path}/{field.name}")


def schema_node(document: dict[str, Any], path: str) -> dict[str, Any]:
    node = document
    for name in path.strip("/").split("/"):
        if node.get("type") == "array":
            node = node["items"]
        node = node["properties"][name]
    return node


def test_schema_follows_every_declaration() -> None:
    document = aid_json_schema()
    for path, field in fields_with_paths(schema.AID):
        node = schema_node(document, path)
        assert node["description"] == field.description, path
        if field.choices:
            assert node["enum"] == list(field.choices), path
        if field.pattern:
            assert node["pattern"] == field.pattern, path
        if field.min_items:
            assert node["minItems"] == field.min_items, path
        if field.kind == "date":
            assert node == {
                "description": field.description,
                "type": "string",
                "format": "date",
            }
    assert document["required"] == [f.name for f in schema.AID if f.required]
    format_node = schema_node(document, "/format")
    assert (format_node["minimum"], format_node["maximum"]) == (1, 2)
    favours = schema_node(document, "/values/favours")["additionalProperties"]
    assert (favours["type"], favours["minimum"], favours["maximum"]) == ("integer", -2, 2)
    chance = schema_node(document, "/outcomes/chance")["additionalProperties"]
    assert (chance["type"], chance["minimum"]) == ("number", 0)
    ignore = schema_node(document, "/lint/ignore")
    assert ignore["items"]["required"] == ["rule", "reason"]


@pytest.mark.parametrize("path", aid_files(bundled_aids_folder()), ids=lambda p: p.stem)
def test_bundled_aids_are_valid(validator: Draft202012Validator, path: Path) -> None:
    assert errors(validator, parsed(path.read_text(encoding="utf-8"))) == []


def test_minimal_and_new_aids_are_valid(validator: Draft202012Validator) -> None:
    assert errors(validator, parsed((DATA / "minimal.toml").read_text(encoding="utf-8"))) == []
    assert errors(validator, parsed(render("a-new-aid", dt.date(2026, 3, 14)))) == []


# Fixtures whose mistake is one of shape, which a schema can see. (Mistakes that need the
# whole file, such as a count above `per` or an answer for no option, are for `check`.)
SHAPE_MISTAKES = {
    "bad_status": "status",
    "bad_id": "id",
    "missing_key": "options/0",
    "wrong_type": "outcomes/0/per",
    "unknown_key": "options/1",
    "unknown_format": "format",
    "one_option": "options",
    "favours_out_of_range": "values/0/favours/none",
    "datetime_not_date": "last_reviewed",
}


@pytest.mark.parametrize(("name", "where"), SHAPE_MISTAKES.items())
def test_broken_aids_fail(validator: Draft202012Validator, name: str, where: str) -> None:
    found = errors(validator, parsed((INVALID / f"{name}.toml").read_text(encoding="utf-8")))
    assert found, f"{name} passed the schema"
    assert any(line.startswith(f"{where}:") for line in found), found


def test_a_negative_count_and_an_odd_option_key_fail(validator: Draft202012Validator) -> None:
    text = (DATA / "minimal.toml").read_text(encoding="utf-8")
    broken = text.replace("chance.tablet = 30", "chance.tablet = -3").replace(
        "favours.none = 2", '"favours"."no action!" = 2'
    )
    found = errors(validator, parsed(broken))
    assert any(line.startswith("outcomes/0/chance/tablet:") for line in found), found
    assert any(line.startswith("values/0/favours:") for line in found), found


def test_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text()
    assert json.loads(out) == aid_json_schema()


def test_schema_command_writes_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "aid.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert str(target) in capsys.readouterr().err
    assert main(["schema", "--output", str(target)]) == 0  # regenerating replaces it


def test_schema_command_reports_an_unwritable_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["schema", "-o", str(tmp_path / "no-such-folder" / "aid.schema.json")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_the_guide_describes_every_key() -> None:
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for path, field in fields_with_paths(schema.AID):
        spellings = (f"`{field.name}`", f"`[[{field.name}]]`", f"`[{field.name}]`")
        assert any(s in guide for s in spellings), f"{path} is not in docs/authoring.md"
    for choices in (schema.STATUSES, schema.OPTION_KINDS, schema.OUTCOME_TYPES, schema.CERTAINTIES):
        for choice in choices:
            assert f'"{choice}"' in guide, choice


def test_the_guides_example_aid_loads_and_fits_the_schema(
    validator: Draft202012Validator, tmp_path: Path
) -> None:
    from sdm_tui.aid.check import check_files

    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    start = guide.index('```toml\nformat = 1\nid = "tablet-or-not"') + len("```toml\n")
    example = guide[start : guide.index("```", start)]
    assert errors(validator, parsed(example)) == []
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    (report,) = check_files([path], today=dt.date(2026, 3, 14)).files
    assert sorted(p.code for p in report.problems) == ["SDM103", "SDM120", "SDM120"]  # the guide
