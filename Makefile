# Two commands do all set-up on a fresh machine with Python 3.11:
#   make book   build the static HTML book (creates .venv on first use)
#   make test   run the whole test suite, the book build included
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# nbgrader starts `alembic` through PATH, so the venv's bin/ goes first on PATH, not only its python.
export PATH := $(BIN):$(PATH)

STAMP := $(VENV)/.installed

.PHONY: book test lint system-packages bench clean venv grade-demo

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# Both editions from one source (book/build.py): English at _build/html/, Korean at _build/html/ko/.
# Sphinx rewrites only the pages whose source or catalogue changed (the tests rebuild all: --all).
# The chapters multiply small matrices: one BLAS thread per kernel is faster than several competing.
book: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python book/build.py
	@echo "The book is at file://$(CURDIR)/_build/html/index.html (Korean: file://$(CURDIR)/_build/html/ko/index.html)"

# The Debian packages the tests need (installed if missing, or a stop with the command to run), the lint gate
# (seconds), then the suite.
test: system-packages lint
	$(BIN)/python -m pytest

# bubblewrap, PostgreSQL and Chromium: scripts/system-packages.sh says why each is needed
system-packages:
	scripts/system-packages.sh

# ruff with the rule set in pyproject.toml, over the Python sources
lint: $(STAMP)
	$(BIN)/ruff check

# A class of synthetic submissions of ps1_forward (grading/synthetic.py) through collect, autograde,
# feedback, export and report, in the scratch course _grading_demo/ (needs bubblewrap: apt-get install bubblewrap).
grade-demo: $(STAMP)
	$(BIN)/python -m grading demo --folder _grading_demo

bench: $(STAMP)
	MALLOC_TOP_PAD_=100000000 $(BIN)/python benchmarks/bench_conv.py
	$(BIN)/python benchmarks/bench_digits.py
	$(BIN)/python benchmarks/bench_grading.py

clean:
	rm -rf _build _grading_demo
