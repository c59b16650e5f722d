# Two commands on a fresh machine with Python 3.11+:  `make demo`  and  `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
DANCHU_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_WORKERS ?= 2

.PHONY: install demo test lint test-sqlite test-postgres test-schemathesis bench mutation clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Run the platform with demo data on SQLite at http://$(HOST):$(PORT): web (gunicorn), task worker and
## periodic jobs together, as in production (Ctrl-C stops all three)
demo: install
	$(BIN)/danchu migrate --noinput
	$(BIN)/danchu units import
	$(BIN)/danchu seed --scale demo
	$(BIN)/danchu demo-run --bind $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check danchu

# Schemathesis sends about 4,000 requests per caller: without credentials on SQLite, with an officer's
# token on PostgreSQL (each run once; `make test-schemathesis` runs both on one database).
SCHEMATHESIS := danchu/api/tests/test_schemathesis.py
test-sqlite: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --deselect $(SCHEMATHESIS)::test_api_with_an_officers_token

# PostgreSQL run: mandatory under CI=true, otherwise whenever a server answers. Every test that uses the
# database runs again on PostgreSQL; tests that never open one (pure functions, the catalogue, documents
# in the repository) ran in the SQLite run and are not repeated (DANCHU_DATABASE_TESTS_ONLY, conftest.py).
test-postgres: install
	@if $(BIN)/python -m danchu.config.dbcheck "$(DANCHU_TEST_DATABASE_URL)"; then \
		echo "== PostgreSQL: $(DANCHU_TEST_DATABASE_URL)"; \
		DATABASE_URL="$(DANCHU_TEST_DATABASE_URL)" DANCHU_DATABASE_TESTS_ONLY=1 $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" --deselect $(SCHEMATHESIS)::test_api_without_credentials; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required under CI=true but cannot be reached at $(DANCHU_TEST_DATABASE_URL)"; exit 1; \
	else \
		echo "== PostgreSQL not reachable at $(DANCHU_TEST_DATABASE_URL): PostgreSQL run skipped (set CI=true to require it)"; \
	fi

## ruff, then the suite on SQLite, then on PostgreSQL
test: lint test-sqlite test-postgres

## Only the schemathesis run against a live server (also part of `make test`, where pytest collects it)
test-schemathesis: install
	$(BIN)/pytest -p no:xdist -q -rA -m schemathesis danchu/api/tests/test_schemathesis.py

## Each access declaration switched off in turn must make the permission matrix fail (not in `make test`: slow)
mutation: install
	DANCHU_MUTATION=1 $(BIN)/pytest -p no:xdist -q -s danchu/core/tests/test_access_mutation.py

bench: install
	$(BIN)/danchu bench

clean:
	rm -rf $(VENV) var
