"""The code reads downward: api -> services -> repositories -> driver, never back.

An AST check of every import in the product's folders (a function-level import counts too):
- the data layer (`graph/`) imports nothing from services, the API, the CLI or reports;
- services import nothing from the API or the CLI;
- models (what every layer shares) import no services, repositories or API;
- the API runs no Cypher: it imports no catalog, repository, transfer or loader module.
"""

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

RULES = {
    "graph": ("powermap.services", "powermap.api", "powermap.cli", "powermap.reports"),
    "powermap/services": ("powermap.api", "powermap.cli"),
    "powermap/models": ("powermap.services", "powermap.graph.repositories", "powermap.api", "powermap.cli"),
    "api": ("powermap.graph.catalog", "powermap.graph.repositories", "powermap.graph.transfer",
            "powermap.graph.loaders"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


@pytest.mark.parametrize("folder", sorted(RULES))
def test_no_layer_imports_upward(folder: str) -> None:
    forbidden = RULES[folder]
    breaches = [f"{path.relative_to(REPO_ROOT)}:{line} imports {name}"
                for path in sorted((REPO_ROOT / folder).rglob("*.py"))
                for line, name in _imports(path)
                if any(name == bad or name.startswith(bad + ".") for bad in forbidden)]
    assert breaches == []


def test_no_generic_top_level_imports() -> None:
    """Inside the product everything is `powermap.*`; a bare `graph` or `api` import would only work
    from the checkout."""
    breaches = [f"{path.relative_to(REPO_ROOT)}:{line} imports {name}"
                for folder in ("powermap", "graph", "api")
                for path in sorted((REPO_ROOT / folder).rglob("*.py"))
                for line, name in _imports(path)
                if name.split(".")[0] in ("graph", "api", "bench", "tests")]
    assert breaches == []
