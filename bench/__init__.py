"""Benchmarks and load scripts: checkout tools, not part of the installed product."""

from pathlib import Path

# The checkout these tools run from.
REPO_ROOT = Path(__file__).resolve().parents[1]
