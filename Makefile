# storyweave: `make demo` and `make test` work from a fresh clone with nothing installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/kolvik-mine-rescue/

.PHONY: install demo test lint typecheck unit sysdeps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: set everything up and print the brief of the project's own example
demo: install
	$(BIN)/storyweave brief $(EXAMPLE)

## test: set everything up, then lint, type-check and run the test suite
test: install sysdeps lint typecheck unit

lint: install
	$(BIN)/ruff check src tests

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest

## sysdeps: Debian packages some tests use (headless Chromium for the page test).
## Best effort: without root or apt-get those tests skip with a message.
sysdeps:
	@if command -v chromium >/dev/null 2>&1 && perl -MXML::Parser -e1 2>/dev/null; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libxml-parser-perl >/dev/null) \
		|| echo "sysdeps: could not install chromium and libxml-parser-perl; their tests will skip"; \
	else echo "sysdeps: no root/apt-get; the browser test will skip"; fi

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
