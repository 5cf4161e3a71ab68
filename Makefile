# ArchPath: `make run` serves the whole stack, `make test` runs the whole suite.
# Both install what is missing first; a second run reuses what is installed.

HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test install install-dev system-packages test-packages lock plotly clean-venv help

help:
	@echo "make run [HOST=127.0.0.1] [PORT=8000]  install, migrate, load content, start web + Celery worker + beat (+ Redis if none)"
	@echo "make test                              install, then unit, integration and browser tests"
	@echo "make lock                              recompile requirements*.txt (pinned, hashed) from requirements*.in"
	@echo "make plotly                            rebuild static/vendor/plotly-*-partial.min.js (needs npm; the built file is committed)"

install: system-packages $(VENV)/.installed
install-dev: system-packages $(VENV)/.installed-dev

system-packages:
	@scripts/system_packages.sh run

test-packages:
	@scripts/system_packages.sh test

# Rebuilt only when a lock file changes, so a second `make run` starts in seconds. The lock files
# pin every package with its hashes: pip refuses anything else.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
$(VENV)/.installed: requirements.txt scripts/make_venv.sh
	@scripts/make_venv.sh $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	@touch $@

# Production plus what development and tests need (pytest, playwright, moto, pip-tools).
$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP_INSTALL) -r requirements-dev.txt
	@touch $@

PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed-dev
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

run: install
	@exec $(PY) scripts/run_stack.py --host $(HOST) --port $(PORT)

test: install-dev test-packages
	$(PY) -m pytest $(PYTEST_ARGS)

# Plotly with only the trace types the site draws, from the versions pinned in static_src/plotly's
# package-lock.json. Only this target needs npm: `make run` and `make test` use the committed file.
plotly:
	cd static_src/plotly && npm ci --no-audit --no-fund && node build.js

clean-venv:
	rm -rf $(VENV)
