# Catalyst: `make run` starts everything, `make test` runs the whole suite. Both bootstrap first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE ?= config.settings.local
# Every Catalyst package, from the bottom layer up (docs/architecture.md).
PACKAGES := common people notifications alumni devplans coaching integrations insights config
SQLITE := db.sqlite3

.PHONY: run test bootstrap bench lint migrate reset-db clean

# requirements-dev.txt starts with requirements.txt: a change to either reinstalls.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# CI's static-analysis and fuzzing tools, on top of the above.
$(VENV)/.ci-installed: $(VENV)/.installed requirements-ci.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-ci.txt
	touch $@

bootstrap: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: bootstrap
	$(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(VENV)/bin/honcho start -f Procfile

test: bootstrap
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest

bench: bootstrap
	$(PY) bench/run.py

# The same checks CI runs (.ci/run).
lint: $(VENV)/.ci-installed
	$(VENV)/bin/ruff check $(PACKAGES) tests bench
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/bandit -q -r $(PACKAGES) -x '*/migrations/*' -ll

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

# The local SQLite database, with its write-ahead log: the next `make run` builds a fresh demo.
reset-db:
	rm -f $(SQLITE) $(SQLITE)-wal $(SQLITE)-shm $(SQLITE)-journal

clean: reset-db
	rm -rf $(VENV) staticfiles
