# Bildungsnetz: `make run` starts the app on the demo district, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501
CYPHER_LINT := tools/cypher-lint

.PHONY: install run test lint bench clean chromium cypher-lint-deps pdf-libs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP) pdf-libs
	$(BIN)/bildungsnetz demo --if-empty
	$(BIN)/bildungsnetz serve --port $(PORT)

test: $(STAMP) chromium cypher-lint-deps pdf-libs
	$(BIN)/ruff check graph tests bench data streamlit_app.py
	$(BIN)/mypy
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

# The report's PDF is laid out by WeasyPrint, which needs Debian's Pango (and fontconfig with it) at run time.
pdf-libs:
	@missing=""; \
	ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing="$$missing libpangoft2-1.0-0"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Es fehlen:$$missing – werden mit apt-get installiert …"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Es fehlen:$$missing (sudo apt-get install$$missing); ohne sie entsteht kein Bericht als PDF."; \
		fi; \
	fi

# tests/test_cypher_frontend.py checks every query with Neo4j's Cypher front end (an npm package pinned in
# tools/cypher-lint/package-lock.json); npm ci runs again when node_modules is missing or older than the lock file.
cypher-lint-deps:
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "node oder npm fehlt (sudo apt-get install nodejs npm): die Cypher-Prüfung mit dem Neo4j-Frontend schlägt deshalb fehl."; \
	elif [ ! -f $(CYPHER_LINT)/node_modules/.package-lock.json ] || \
	     [ $(CYPHER_LINT)/package-lock.json -nt $(CYPHER_LINT)/node_modules/.package-lock.json ]; then \
		echo "Installiere das Cypher-Frontend von Neo4j (npm ci in $(CYPHER_LINT)) …"; \
		cd $(CYPHER_LINT) && npm ci --no-audit --no-fund; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check graph tests bench data streamlit_app.py

bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.analysis
	$(BIN)/python -m bench.network
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.shared_traeger
	$(BIN)/python -m bench.links
	$(BIN)/python -m bench.conference
	$(BIN)/python -m bench.pages

clean:
	rm -rf $(VENV) test-output bench/output
