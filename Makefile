# The two commands of the README. Each installs what it needs from a fresh clone:
# a virtualenv with the Python packages; the embedded Neo4j is built by Maven on first use.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint typecheck browser renderers client

# The power-map page's graph library, from the npm registry at the version the lock file pins.
ui/node_modules/.installed: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# What the product renders with: Graphviz `dot` lays out the power map, headless Chromium prints the
# PDF report, Noto Sans CJK draws Chinese, Japanese and Korean names (Debian packages, when missing).
renderers:
	@(command -v dot >/dev/null && command -v chromium >/dev/null && fc-list | grep -q "Noto Sans CJK") || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz chromium fonts-noto-cjk) || \
		echo "graphviz, chromium or fonts-noto-cjk could not be installed: the map and the PDF report will answer 503"

serve: $(BIN)/.installed ui/node_modules/.installed renderers
	$(BIN)/powermap serve

lint: $(BIN)/.installed
	$(BIN)/ruff check .

# Strict mypy over the product under its installed names (see scripts/typecheck.py for why a script).
typecheck: $(BIN)/.installed
	$(BIN)/python scripts/typecheck.py

# The typed Python client, generated from the API's OpenAPI document into build/client/powermap-client.
client: $(BIN)/.installed
	$(BIN)/python scripts/build_client.py

# Debian's Chromium and its driver, for the tests that open reports and pages in a real browser.
browser:
	@command -v chromedriver >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) || \
		echo "Chromium could not be installed: the browser tests will skip"

# Two pytest workers, test files shared out whole; each starts its own embedded Neo4j (tests/conftest.py).
# The slowest tests are listed at the end of every run. The suite is CPU-bound on two cores and starts
# many short-lived JVMs (test servers, the import tool, a Maven build), so they run with the JIT's
# quick tier only: a Neo4j start costs half the CPU, and the whole suite took 764 s instead of 837 s.
# Only the tests (the benchmarks' short runs in the suite included): `powermap serve` and the
# benchmark scripts run by hand keep the JVM's defaults.
TEST_WORKERS ?= 2

test: lint typecheck browser renderers ui/node_modules/.installed
	$(BIN)/python -m powermap.graph.embedded_build
	JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1 $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=15
