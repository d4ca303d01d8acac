"""Aid files in several languages for the tests: the minimal aid's Spanish translation, and
the minimal aid in right-to-left scripts (Arabic, with a Hebrew translation).

Each is made from tests/data/aids/minimal.toml by replacing its words, so that the
structure (ids, numbers, sources) is the original's unless a test changes it.
"""

from __future__ import annotations

from pathlib import Path

from tests.builders import MINIMAL

ENGLISH = MINIMAL.read_text(encoding="utf-8")

SPANISH_WORDS = {
    '"Minimal test aid"': '"Ayuda mínima de prueba"',
    '"Should I take the tablet?"': '"¿Debo tomar la pastilla?"',
    '"A test aid with two options."': '"Una ayuda de prueba con dos opciones."',
    '"Tests only."': '"Solo para pruebas."',
    '"Take the tablet"': '"Tomar la pastilla"',
    '"One tablet a day."': '"Una pastilla al día."',
    '"No tablet"': '"Sin pastilla"',
    '"Carry on as now."': '"Seguir como ahora."',
    '"What does it involve?"': '"¿Qué supone?"',
    '"A tablet each morning."': '"Una pastilla cada mañana."',
    '"Nothing."': '"Nada."',
    '"Feel better"': '"Sentirse mejor"',
    '"Feel sick"': '"Tener náuseas"',
    '"1 year"': '"1 año"',
    '"Avoiding daily tablets"': '"Evitar las pastillas diarias"',
    '"How many of 100 feel better with the tablet?"': (
        '"¿Cuántas de cada 100 personas se sienten mejor con la pastilla?"'
    ),
    '"30 out of 100."': '"30 de cada 100."',
}

ARABIC_WORDS = {
    '"Minimal test aid"': '"أداة قرار تجريبية"',
    '"Should I take the tablet?"': '"هل يجب أن أتناول القرص؟"',
    '"A test aid with two options."': '"أداة تجريبية فيها خياران."',
    '"Tests only."': '"للاختبار فقط."',
    '"Take the tablet"': '"تناول القرص"',
    '"One tablet a day."': '"قرص واحد في اليوم."',
    '"No tablet"': '"بدون قرص"',
    '"Carry on as now."': '"الاستمرار كما الآن."',
    '"What does it involve?"': '"ماذا يتطلب؟"',
    '"A tablet each morning."': '"قرص كل صباح."',
    '"Nothing."': '"لا شيء."',
    '"Feel better"': '"الشعور بتحسن"',
    '"Feel sick"': '"الشعور بالغثيان"',
    '"Avoiding daily tablets"': '"تجنب الأقراص اليومية"',
}

HEBREW_WORDS = {
    '"Minimal test aid"': '"כלי החלטה לניסיון"',
    '"Should I take the tablet?"': '"האם עליי לקחת את הכדור?"',
    '"Take the tablet"': '"לקחת את הכדור"',
    '"No tablet"': '"בלי כדור"',
    '"Feel better"': '"הרגשה טובה יותר"',
}


def words(text: str, replacements: dict[str, str]) -> str:
    for english, other in replacements.items():
        assert english in text, english
        text = text.replace(english, other)
    return text


def translation(text: str, language: str, of_version: str = "1.0.0") -> str:
    """`text` (an aid file) made a translation of the minimal aid into `language`."""
    return text.replace(
        'version = "1.0.0"\n',
        f'language = "{language}"\n'
        f'translation_of = {{ language = "en", version = "{of_version}" }}\n'
        'version = "1.0.0"\n',
        1,
    )


def spanish(of_version: str = "1.0.0") -> str:
    """The minimal aid's Spanish translation, structure unchanged."""
    return translation(words(ENGLISH, SPANISH_WORDS), "es", of_version)


def write_spanish_pair(folder: Path, spanish_text: str | None = None) -> tuple[Path, Path]:
    """minimal.toml and minimal.es.toml in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    original, translated = folder / "minimal.toml", folder / "minimal.es.toml"
    original.write_text(ENGLISH, encoding="utf-8")
    translated.write_text(spanish() if spanish_text is None else spanish_text, encoding="utf-8")
    return original, translated


def write_rtl_pair(folder: Path) -> tuple[Path, Path]:
    """An aid written in Arabic (the original) and its Hebrew translation."""
    folder.mkdir(parents=True, exist_ok=True)
    arabic = words(ENGLISH, ARABIC_WORDS).replace(
        'version = "1.0.0"\n', 'language = "ar"\nversion = "1.0.0"\n', 1
    )
    hebrew = words(ENGLISH, HEBREW_WORDS).replace(
        'version = "1.0.0"\n',
        'language = "he"\ntranslation_of = { language = "ar", version = "1.0.0" }\n'
        'version = "1.0.0"\n',
        1,
    )
    original, translated = folder / "rtl.toml", folder / "rtl.he.toml"
    original.write_text(arabic, encoding="utf-8")
    translated.write_text(hebrew, encoding="utf-8")
    return original, translated
