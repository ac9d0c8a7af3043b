# Two entry points: `make run` builds the bundled graph, `make test` runs the tests.
# Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/kg
	$(BIN)/kg build

test: $(BIN)/kg
	.ci/system-deps
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out
