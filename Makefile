# The two commands of the README: `make demo` and `make test`. Both set up .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint bench-respond clean

# Reinstall when the metadata changes or a top-level package appears (editable installs map
# the packages they found).
$(INSTALLED): setup.cfg pyproject.toml $(wildcard */__init__.py)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet -e '.[test,dev]'
	@touch $@

instance/surveyapp.cfg:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print('SECRET_KEY = ' + repr(secrets.token_urlsafe(48)))" > $@
	@echo "Wrote a new secret key to $@"

demo: $(INSTALLED) instance/surveyapp.cfg
	$(BIN)/surveyapp db upgrade
	$(BIN)/surveyapp demo
	@echo
	@echo "Serving FirstValue on http://127.0.0.1:5000 (Ctrl-C to stop)"
	$(BIN)/gunicorn --bind 127.0.0.1:5000 --workers 2 --access-logfile - 'surveyapp:create_app()'

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench-respond: $(INSTALLED)
	$(BIN)/python bench/respond.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
