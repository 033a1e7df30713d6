"""The demo graph as YAML seed files (package data)."""
