# newskg — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test lint format bench eval carb clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newskg needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

demo: setup
	$(BIN)/newskg build examples --out output --no-progress
	@echo
	@echo "Done. Look at:"
	@echo "  output/graph.html   interactive graph (open it in a browser; works offline)"
	@echo "  output/graph.trig   the RDF graph, one named graph per article"
	@echo "  output/store/       the Oxigraph store: try"
	@echo "      $(BIN)/newskg query 'SELECT DISTINCT ?label WHERE { ?e a schema:Country ; rdfs:label ?label }'"

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python -m bench.speed

carb: setup
	$(BIN)/python -m bench.carb --extract

eval: setup
	$(BIN)/python -m bench.eval

clean:
	rm -rf $(VENV) output/store output/*.html output/*.trig
