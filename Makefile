# Bildungsnetz: `make run` starts the app on the demo district, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501

.PHONY: install run test lint bench clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/bildungsnetz demo --if-empty
	$(BIN)/bildungsnetz serve --port $(PORT)

test: $(STAMP) chromium
	$(BIN)/ruff check graph tests bench data streamlit_app.py
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium (Playwright's own browser download does not work offline);
# the report tests keep pictures of the PDF pages made with pdftoppm (poppler-utils).
chromium:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Es fehlen:$$missing – werden mit apt-get installiert …"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Es fehlen:$$missing (sudo apt-get install$$missing); die Browser-Tests werden übersprungen."; \
		fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check graph tests bench data streamlit_app.py

bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.analysis
	$(BIN)/python -m bench.network
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) test-output bench/output
