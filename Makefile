# AI Foundations: `make course` sets up and runs the demo class; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv sandbox-tools postgres-tools browser-tools course test lab bundle release clean-course

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

# Grading confines student kernels with bubblewrap, setpriv and prlimit (Debian: bubblewrap, util-linux).
sandbox-tools:
	@if command -v bwrap >/dev/null && command -v setpriv >/dev/null && command -v prlimit >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap util-linux libseccomp2 >/dev/null; \
	else echo "WARNING: bubblewrap is missing and cannot be installed here; grading will refuse to run student code." >&2; fi

# The PostgreSQL gradebook test starts its own server from Debian's package (CI installs it here).
postgres-tools:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "WARNING: PostgreSQL is missing; its gradebook test will be skipped." >&2; fi

# Browser tests drive Debian's chromium through Playwright; nothing is downloaded at run time.
browser-tools:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "WARNING: chromium is missing; the browser tests will be skipped." >&2; fi

# The demo grades only notebooks it wrote itself, so where the sandbox cannot run (not root, no
# bubblewrap) it runs unconfined, with the loud warning; `curriculum grade` never does that on its own.
course: venv sandbox-tools
	@if $(BIN)/python -c "from curriculum.instructor.sandbox.bwrap import tools; tools()" 2>/dev/null; then unsafe=; \
	else unsafe=--unsafe-no-sandbox; fi; \
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/curriculum demo $$unsafe

# Lint first (ruff, settings in pyproject.toml), then every test in two runs: the tests that need no
# cores of their own three at a time (pytest-xdist, whole files per process, the longest files first:
# tests/conftest.py LONGEST_FIRST; on 2 cores the suite often waits, on kernels, sandboxes and
# servers, so a third process fills the gaps; four were no faster), then the `alone` ones
# (tests/conftest.py ALONE: they time a kill of a grading run).
# Both runs always run; the 15 slowest tests of each are listed at the end.
test: venv sandbox-tools browser-tools
	$(BIN)/ruff check curriculum tests benchmarks nbgrader_config.py
	@export PATH="$(CURDIR)/$(BIN):$$PATH"; status=0; \
	$(BIN)/python -m pytest -n 3 --dist loadfile --no-loadscope-reorder -m "not alone" --nbval-lax --durations=15 \
		tests source || status=1; \
	$(BIN)/python -m pytest -m alone --durations=15 tests || status=1; \
	exit $$status

release: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/curriculum release

# For authors: try the learner view of this repository. Learners get `make bundle`'s zip instead.
lab: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m curriculum.learner.lab

# The learners' copy: release/, datasets/, the package and its own `make lab`; no source/ or tests/.
bundle: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/curriculum bundle

clean-course:
	rm -rf gradebook.db submitted submitted-set-aside feedback exports .demo autograded/*/ autograded/.records
