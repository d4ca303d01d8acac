"""Write the FHIR resources sdm-tui ships (its code system, its questionnaires).

    .venv/bin/python scripts/write_fhir_resources.py

Run after changing sdm_tui/export/fhir_codes.py or sdm_tui/export/questionnaires.py; a test
fails while the files in sdm_tui/export/fhir_resources/ differ from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from sdm_tui.export.fhir_resources_text import shipped_texts

FOLDER = Path(__file__).resolve().parent.parent / "sdm_tui" / "export" / "fhir_resources"


def main() -> None:
    for name, text in shipped_texts().items():
        path = FOLDER / name
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
