"""Routers: each parses the request, calls one repository or service function, returns a model."""
