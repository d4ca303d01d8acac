"""Write sdm_tui/rehearsal/debrief.schema.json from the debrief model, after changing it.

    .venv/bin/python scripts/write_debrief_schema.py

tests/core/test_debrief_model.py fails while the checked-in schema and the model disagree.
"""

from pathlib import Path

from sdm_tui.rehearsal.debrief_model import schema_text

TARGET = Path(__file__).resolve().parent.parent / "sdm_tui" / "rehearsal" / "debrief.schema.json"

if __name__ == "__main__":
    TARGET.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {TARGET}")
