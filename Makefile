# Counter — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format lock clean bundle deb

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/counterapp --demo

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock:
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes -o requirements.lock

# Installers (docs/deploying.md): the one-folder bundle dist/counterapp/ (PyInstaller), and
# from it the Debian package dist/counterapp_<version>_<arch>.deb (dpkg-deb).
bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/counterapp.spec

deb: bundle
	$(BIN)/python packaging/build_deb.py --bundle dist/counterapp --out dist

clean:
	rm -rf $(VENV) build dist
