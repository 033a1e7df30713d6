"""The HTTP face of Powermap: a FastAPI app whose routers stay thin."""
