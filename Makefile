# ArchPath: `make run` serves the whole stack, `make test` runs the whole suite.
# Both install what is missing first; a second run reuses what is installed.

HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test install system-packages test-packages clean-venv help

help:
	@echo "make run [HOST=127.0.0.1] [PORT=8000]  install, migrate, load content, start web + Celery worker + beat (+ Redis if none)"
	@echo "make test                              install, then unit, integration and browser tests"

install: system-packages $(VENV)/.installed

system-packages:
	@scripts/system_packages.sh run

test-packages:
	@scripts/system_packages.sh test

# Rebuilt only when requirements.txt changes, so a second `make run` starts in seconds.
$(VENV)/.installed: requirements.txt scripts/make_venv.sh
	@scripts/make_venv.sh $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

run: install
	@exec $(PY) scripts/run_stack.py --host $(HOST) --port $(PORT)

test: install test-packages
	$(PY) -m pytest $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)
