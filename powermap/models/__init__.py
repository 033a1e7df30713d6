"""Pydantic models of the API: nodes, relationships and the answers to the bid team's questions."""
