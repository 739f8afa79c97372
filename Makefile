# The two commands of the README: `make run` and `make test`. Each sets up .venv when it is
# missing or older than pyproject.toml, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

# The whole suite twice: on SQLite, then on PostgreSQL. tests/services.sh starts a throwaway
# PostgreSQL cluster and Redis server for the run (installing them when missing).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	tests/services.sh sh -c '\
		echo "== the suite on SQLite" && $(BIN)/python -m pytest && \
		echo "== the suite on PostgreSQL" && TEST_DATABASE=postgresql $(BIN)/python -m pytest'

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
