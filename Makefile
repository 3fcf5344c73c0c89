# Council Digest. Quick start: `make demo` and `make test` on a fresh machine (Python 3.11).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-slow test-live test-browser test-all lint record bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/python run.py segment samples/northbridge-planning-minutes.html
	$(BIN)/python run.py segment samples/northbridge-cabinet-minutes.pdf
	$(BIN)/python run.py segment samples/northbridge-cabinet-agenda-pack.pdf

test: setup
	$(BIN)/python -m pytest -q

test-slow: setup
	$(BIN)/python -m pytest -q -m slow

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/segment_pack.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
