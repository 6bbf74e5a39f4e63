# One command sets everything up and runs the main job (make demo) or the tests (make test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/chenggong-justice-bureau-2019.txt
PUBLISHED_PDF := examples/hongze-district-government-2023.pdf
CLI := $(BIN)/disclosure-schema

.PHONY: demo test lint typecheck bench xsd clean

RUNTIME := $(VENV)/.runtime

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUNTIME)

# The demo needs the runtime dependencies only (not the test and lint tools).
$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

# The main job: a real published report rendered to XML, PDF and text, and its validation; then a
# real published PDF read directly (its tables from the text layer) and its validation.
demo: $(RUNTIME)
	@mkdir -p out
	$(CLI) formats
	$(CLI) render $(EXAMPLE) --to xml -o out/chenggong-2019.xml --force
	$(CLI) render $(EXAMPLE) --to pdf -o out/chenggong-2019.pdf --force
	$(CLI) render $(EXAMPLE) --to text -o out/chenggong-2019.txt --force
	$(CLI) render $(EXAMPLE) --to json -o out/chenggong-2019.json --force
	-$(CLI) validate $(EXAMPLE)
	-$(CLI) render $(PUBLISHED_PDF) --to json -o out/hongze-2023.json --force  # exit 1: the report has errors
	-$(CLI) validate $(PUBLISHED_PDF)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Regenerate specs/*.xsd from the specs (a test fails when the checked-in ones differ).
xsd: $(STAMP)
	$(BIN)/python -m disclosure_schema_xml.xsd

clean:
	rm -rf $(VENV) out dist build .mypy_cache .ruff_cache .pytest_cache .hypothesis
