"""The power-map page: its static files and the one npm library it serves (package data)."""
