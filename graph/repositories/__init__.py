"""Repositories: every call to the driver lives in one of these modules (routers never touch it)."""
