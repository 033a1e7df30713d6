"""CRM exports in (Salesforce, Dynamics 365, JSON lines) and out (Salesforce Data Loader updates).

`read.py` says what an export becomes and what is refused; `mapping.toml` holds the formats and the
vocabulary; `formats.py` is the one table of import formats the API and the CLI share.
"""
