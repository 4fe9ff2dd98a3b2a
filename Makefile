# The two commands of the README, and the checks they are made of.
#   make serve   ingest the bundled sample (data/) into the embedded store and serve it on 127.0.0.1:8000
#   make test    lint, type-check and run the whole test suite
# Both create .venv and install what is missing first.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve test lint typecheck pytest setup clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/unkg ingest data/*.txt --store $(STORE)
	$(BIN)/unkg serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed
	$(BIN)/python tools/typecheck.py

pytest: $(VENV)/.installed
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf build $(STORE) .mypy_cache .ruff_cache .pytest_cache
