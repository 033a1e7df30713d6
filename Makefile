# The two commands of the README. Each installs what it needs from a fresh clone:
# a virtualenv with the Python packages; the embedded Neo4j is built by Maven on first use.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

serve: $(BIN)/.installed
	$(BIN)/powermap serve

lint: $(BIN)/.installed
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m graph.embedded_build
	$(BIN)/pytest
