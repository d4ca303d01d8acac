"""Write sdm_tui/export/record.schema.json from the record model, after changing the model.

    .venv/bin/python scripts/write_record_schema.py

tests/core/test_record_model.py fails while the checked-in schema and the model disagree.
"""

from pathlib import Path

from sdm_tui.export.record_model import schema_text

TARGET = Path(__file__).resolve().parent.parent / "sdm_tui" / "export" / "record.schema.json"

if __name__ == "__main__":
    TARGET.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {TARGET}")
