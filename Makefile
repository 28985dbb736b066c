# drawcloser — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA := src/drawcloser/coach/data
MODEL := $(DATA)/model/fast.npz
MODEL_INPUTS := $(wildcard $(DATA)/corpus/*.jsonl) src/drawcloser/coach/training.py \
	src/drawcloser/coach/features.py src/drawcloser/coach/text.py
GOEMOTIONS ?= $(firstword $(wildcard ../shared/data/goemotions /work/shared/data/goemotions))

.PHONY: help install model run test lint format bench eval clean

help:
	@echo "make run    install everything, build the model, show what drawcloser can do"
	@echo "make test   install what tests need, then lint and run every test"
	@echo "make lint   ruff (lint + format check) and mypy"
	@echo "make eval   accuracy on the held-out test split and GoEmotions false alarms"
	@echo "make bench  speed against VADER, in the same run"
	@echo "make model  (re)build the fast engine's trained file from the corpus"

$(STAMP): pyproject.toml requirements/dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP)

$(MODEL): $(STAMP) $(MODEL_INPUTS)
	$(BIN)/drawcloser model build

model: $(MODEL)

run: $(MODEL)
	@$(BIN)/drawcloser --help
	@echo
	@$(BIN)/drawcloser model status
	@echo
	@echo '$$ drawcloser check "Why are you doing this to me? We need to talk tonight."'
	@$(BIN)/drawcloser check "Why are you doing this to me? We need to talk tonight."
	@echo
	@echo "The web app arrives with a later release; until then, use the commands above"
	@echo "(the virtualenv is in $(VENV): source $(VENV)/bin/activate)."

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

test: lint $(MODEL)
	$(BIN)/pytest -n 2

eval: $(MODEL)
	$(BIN)/drawcloser model eval --split test $(if $(GOEMOTIONS),--goemotions $(GOEMOTIONS)) \
		--safety-cases tests/coach/safety_cases.jsonl --safety-cases tests/coach/safety_heldout.jsonl

bench: $(MODEL)
	$(PY) benchmarks/bench_check.py

clean:
	rm -rf $(VENV) $(MODEL) .pytest_cache .mypy_cache .ruff_cache
