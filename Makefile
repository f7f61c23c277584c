# The two commands of the README: `make demo` and `make test`. Both set up a fresh machine first.
VENV := .venv
STAMP := $(VENV)/.bootstrapped

.PHONY: setup demo test lint format
setup: $(STAMP)

$(STAMP): pyproject.toml scripts/bootstrap.sh scripts/system-packages.txt
	scripts/bootstrap.sh
	touch $(STAMP)

demo: setup
	$(VENV)/bin/oitcrawl demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# pytest exits 5 when it collects no tests; that is not a failure of the suite.
test: lint
	$(VENV)/bin/pytest; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc
