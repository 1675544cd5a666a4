# finops-tui — the two commands a new user runs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_DB ?= $(CURDIR)/.demo/demo.duckdb
AZURITE_VERSION := 3.35.0

.PHONY: demo demo-rebuild test lint bench bench-anomalies install compile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Byte-compile the package (an editable install does not, and PYTHONDONTWRITEBYTECODE stops Python
# from caching it at import): compiling every module on each launch costs about 0.4 s of start-up.
compile: $(STAMP)
	@$(BIN)/python -m compileall -q finops_tui >/dev/null

install: $(STAMP)

# Azurite (the Azure Blob emulator) for the Azure sync tests, pinned; skipped when npm is missing
# (the tests then skip only if node is missing too).
AZURITE := .azurite/.installed-$(AZURITE_VERSION)
$(AZURITE):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix .azurite azurite@$(AZURITE_VERSION) --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: Azure Blob (Azurite) tests will be skipped"; fi

# The demo cache is built once (about 20 s); `make demo-rebuild` makes a fresh one.
$(DEMO_DB): $(STAMP)
	$(BIN)/finops-tui demo --db $(DEMO_DB)

demo: $(DEMO_DB) compile
	$(BIN)/finops-tui --db $(DEMO_DB)

demo-rebuild: $(STAMP)
	rm -f $(DEMO_DB)
	$(MAKE) demo

test: $(STAMP) $(AZURITE)
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: compile
	$(BIN)/python -m finops_tui.bench

# Anomaly detector: recall/precision per kind on three demo seeds, then speed on a 10M-line copy.
bench-anomalies: $(STAMP)
	$(BIN)/python -m finops_tui.bench.anomalies --multiply 10

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
