"""Where the running product finds what it reads: package data, through importlib.resources.

Cypher files, seeds, the Browser guide and style, the page and its library, and the embedded
launcher's sources all ship inside the installed `powermap` distribution, so a wheel installed
anywhere runs without the checkout. A missing resource stops the process at start with its name,
rather than surfacing later as an empty list or a 404.
"""

from importlib.resources import files
from pathlib import Path


class MissingResource(RuntimeError):
    """A file the product needs is not in the installed package (a broken build or install)."""


def resource_dir(package: str) -> Path:
    """The folder of a resource package (installs unpack wheels, so it is a real folder)."""
    return Path(str(files(package)))


CYPHER = "powermap.cypher"
SEEDS = "powermap.seeds"
BROWSER = "powermap.browser"
UI = "powermap.ui"
LAUNCHER = "powermap.launcher"
CRM = "powermap.graph.crm"

# The page's layout libraries beside Cytoscape, served under /ui/vendor/<prefix>/ (api/app.py).
UI_VENDOR = {"elkjs": "node_modules/elkjs/lib", "cytoscape-elk": "node_modules/cytoscape-elk/dist"}

# What must be there, by package: the start-up check reads this list.
REQUIRED = {
    CYPHER: ["node/get.cypher", "schema", "security/key_by_hash.cypher"],
    SEEDS: ["demo/01-accounts.yaml"],
    BROWSER: ["guide.html", "powermap.grass"],
    UI: ["static/index.html", "static/app.js", "node_modules/cytoscape/dist/cytoscape.min.js",
         "node_modules/elkjs/lib/elk.bundled.js", "node_modules/cytoscape-elk/dist/cytoscape-elk.js"],
    LAUNCHER: ["pom.xml", "src/main/java"],
    CRM: ["mapping.toml"],
}


def check_resources() -> None:
    """Refuse to start when a resource the product reads is missing from the installed package."""
    missing = [f"{package}/{name}" for package, names in REQUIRED.items() for name in names
               if not (resource_dir(package) / name).exists()]
    if missing:
        raise MissingResource("the installed package lacks " + ", ".join(missing)
                              + " (for the page's library, run `npm ci` in ui/ before building)")
