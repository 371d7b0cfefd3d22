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

# The web app, the worker and a mail catcher (aiosmtpd, from the test extra) in one command;
# DEMO_PORT and DEMO_SMTP_PORT (0: any free port) move them off 5000 and 8025.
DEMO_PORT ?= 5000
DEMO_SMTP_PORT ?= 8025
DEMO_ENV = SURVEYAPP_BASE_URL=$${SURVEYAPP_BASE_URL:-http://127.0.0.1:$(DEMO_PORT)}
demo: $(INSTALLED) instance/surveyapp.cfg
	$(BIN)/surveyapp db upgrade
	$(DEMO_ENV) $(BIN)/surveyapp demo
	@echo
	$(DEMO_ENV) $(BIN)/surveyapp demo serve --port $(DEMO_PORT) --smtp-port $(DEMO_SMTP_PORT)

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
