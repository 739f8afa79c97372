# The two commands of the README: `make run` and `make test`. Each sets up .venv when it is
# missing or older than the lock file, so a fresh clone needs nothing else. Versions come from
# requirements.lock (with their hashes), so every machine runs the same ones; `make lock`
# writes it anew from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test texts lint format bench lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

# The whole suite twice: on SQLite, then on PostgreSQL. tests/services.sh starts a throwaway
# PostgreSQL cluster and Redis server for the run (installing them when missing).
test: $(STAMP)
	$(BIN)/python tools/texts.py --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	tests/services.sh sh -c '\
		echo "== the suite on SQLite" && $(BIN)/python -m pytest && \
		echo "== the suite on PostgreSQL" && TEST_DATABASE=postgresql $(BIN)/python -m pytest'

# The typed locale keys (services/locale_keys.py, bot/i18n.py), written anew from locales/en
# after a .ftl file changed; `make test` fails while they are not.
texts: $(STAMP)
	$(BIN)/python tools/texts.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python $$script || exit 1; done

lock:
	$(PYTHON) -m venv $(VENV)-tools
	$(VENV)-tools/bin/python -m pip install --quiet pip-tools
	$(VENV)-tools/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras \
		--allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	rm -rf $(VENV)-tools

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
