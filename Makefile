# Catalyst: `make run` starts everything, `make test` runs the whole suite. Both bootstrap first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run test bootstrap bench lint migrate clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
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

lint: $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-ci.txt
	$(VENV)/bin/ruff check config people devplans coaching tests bench
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/bandit -q -r config people devplans coaching -x '*/migrations/*' -ll

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
