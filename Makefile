# The two commands of the README: `make demo` and `make test`. Both set up a fresh machine first.
VENV := .venv
STAMP := $(VENV)/.bootstrapped

.PHONY: setup demo test lint format
setup: $(STAMP)

# (the C twins are compiled by the install: a changed source is built again)
$(STAMP): pyproject.toml setup.py scripts/bootstrap.sh scripts/system-packages.txt oitcrawl/extract/_speedups.c
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

# pytest-xdist: most of the suite waits on real crawls and servers, so two workers (one test
# file each) halve the wall time on a 2-core machine; TEST_WORKERS=0 runs in one process.
# pytest exits 5 when it collects no tests; that is not a failure of the suite.
TEST_WORKERS ?= 2
test: lint
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc
