# yipay: the two set-up commands are `make demo` and `make test`; both create .venv themselves.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
# The Spark extra (pyspark builds from source, ~0.5 GB) stays out of LOCK, which `make demo` uses;
# LOCK_SPARK is LOCK plus pyspark and py4j, compiled with LOCK as constraints.
LOCK_SPARK := requirements/lock-spark.txt
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: demo serve test lint typecheck contracts migrations-check unit soak bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install the pinned set from the lock file, then yipay itself without re-resolving.
$(STAMP): $(BIN)/python $(LOCK) pyproject.toml
	$(BIN)/pip install --quiet -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Once per venv (and again when the lock changes): the Spark engine and its conformance tests.
$(SPARK_STAMP): $(STAMP) $(LOCK_SPARK)
	$(BIN)/pip install --quiet -r $(LOCK_SPARK)
	touch $(SPARK_STAMP)

demo: $(STAMP)
	$(BIN)/yipay demo

serve: $(STAMP)
	YIPAY_DATABASE_URL=$${YIPAY_DATABASE_URL:-sqlite:///$(CURDIR)/data/demo.sqlite3} \
	  $(BIN)/yipay serve --host 127.0.0.1 --port $${PORT:-8000}

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

migrations-check: $(STAMP)
	$(BIN)/python -m yipay.adapters.db.migrate

unit: $(STAMP)
	$(BIN)/pytest -q

# Runs the Spark tests too (the conformance of every rule on DuckDB and Spark); they skip, saying
# so, only where Java is missing.
test: lint typecheck contracts migrations-check $(SPARK_STAMP)
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest -q

# Long property runs (thousands of examples) that do not belong in every CI run.
soak: $(STAMP)
	HYPOTHESIS_PROFILE=soak $(BIN)/pytest -q tests -m "not postgres"

bench: $(STAMP)
	$(BIN)/python -m bench

# Re-pin every dependency (run after changing pyproject.toml).
lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file $(LOCK) pyproject.toml
	$(BIN)/pip-compile --quiet --extra dev --extra spark --strip-extras --no-emit-index-url \
	  --no-emit-find-links --constraint $(LOCK) --output-file $(LOCK_SPARK) pyproject.toml

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache .pytest_cache .hypothesis
