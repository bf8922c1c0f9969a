# Bildungsnetz: `make run` starts the app on the demo district, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/bildungsnetz demo --if-empty
	$(BIN)/bildungsnetz serve --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check graph tests bench data streamlit_app.py
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check graph tests bench data streamlit_app.py

bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.analysis

clean:
	rm -rf $(VENV) test-output bench/output
