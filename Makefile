# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEED   := examples/kyivpost-2022-10-24-dirty-bomb.txt

.PHONY: run test lint install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install only when the package's requirements change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/claimwatch analyze $(SEED) --outlet "Kyiv Post" --published 2022-10-24

lint: install-test
	$(BIN)/ruff check
	$(BIN)/ruff format --check

test: install-test lint
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/polnear_speed.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
