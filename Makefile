# Two commands that work on a fresh machine with nothing but Python 3:
#   make run   - set up .venv if needed, then start the app on the bundled aids
#   make test  - the same set-up, then the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-core lint format check bench clean i18n i18n-extract i18n-update i18n-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Bytecode written ahead: where PYTHONDONTWRITEBYTECODE is set (as on many shared machines)
# Python would otherwise compile sdm_tui's modules at every start (~70 ms).
BYTECODE := $(VENV)/.bytecode-stamp
$(BYTECODE): $(STAMP) $(shell find sdm_tui -name '*.py')
	$(BIN)/python -m compileall -q sdm_tui
	touch $(BYTECODE)

run: $(STAMP) $(BYTECODE)
	$(BIN)/sdm-tui $(ARGS)

# Three workers on two cores: an app test spends about a third of its time waiting on
# Textual's timers and idle polls, which a third worker fills (measured: 200 s with two,
# 163 s with three, 2026-12-03). Tests are handed out one at a time, longest first
# (tests/conftest.py puts the tests marked heavy, then the app's, before the core's), so
# the workers finish together. The bytecode is written first: with PYTHONDONTWRITEBYTECODE
# set, each worker and each `python -m sdm_tui.cli` a test starts would otherwise compile
# sdm_tui again. Give PYTEST_ARGS to replace them, e.g. to update one snapshot serially:
#   make test PYTEST_ARGS="tests/app/test_themes.py --snapshot-update"
PYTEST_ARGS ?= -n 3 --dist load --maxschedchunk 1
test: $(STAMP) $(BYTECODE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast inner loop: only the tests that never start the app (tests/core/; which module
# goes where is decided by scripts/split_tests.py --check).
PYTEST_CORE_ARGS ?= -q
test-core: $(STAMP)
	$(BIN)/python scripts/split_tests.py --check
	$(BIN)/python -m pytest tests/core $(PYTEST_CORE_ARGS)

# Style, types (mypy over sdm_tui/, settings in pyproject.toml) and the import contracts
# (the core never imports Textual, Rich, the app or the command line; the app never the CLI).
lint: $(STAMP)
	$(BIN)/ruff check sdm_tui tests benchmarks
	$(BIN)/ruff format --check sdm_tui tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format sdm_tui tests benchmarks
	$(BIN)/ruff check --fix sdm_tui tests benchmarks

check: $(STAMP)
	$(BIN)/sdm-tui check decision_aids

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Catalogs (docs/translating.md): every string marked with _(), ngettext() and friends is
# extracted to a template (not kept: it is made again each time), merged into each
# language's .po (no fuzzy guesses: a changed message is untranslated until a person says
# otherwise) and compiled to the .mo the app reads. tests/core/test_catalogs.py fails when
# a shown string is not marked, a message is missing, or a .mo is older than its .po.
LOCALE := sdm_tui/locale
POT := build/sdm_tui.pot
i18n-extract: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel -q extract --no-location --sort-output --add-comments=Translators: \
		--project=sdm-tui --copyright-holder="the sdm-tui authors" -o $(POT) sdm_tui

i18n-update: i18n-extract
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete \
		-i $(POT) -d $(LOCALE) -D sdm_tui

i18n-compile: $(STAMP)
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D sdm_tui

i18n: i18n-update i18n-compile

# A new language: make i18n-init LANGUAGE=fr
i18n-init: i18n-extract
	$(BIN)/pybabel init -i $(POT) -d $(LOCALE) -D sdm_tui -l $(LANGUAGE)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
