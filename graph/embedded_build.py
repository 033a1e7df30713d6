"""`python -m powermap.graph.embedded_build`: build the embedded Neo4j launcher now rather than on first use.

The test command runs this first so a Maven failure shows up as itself, not as a fixture error.
"""

from powermap.graph.embedded import build_launcher

if __name__ == "__main__":
    print(f"Neo4j launcher ready: {build_launcher()}")
