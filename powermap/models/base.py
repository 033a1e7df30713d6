"""The base of every API and row model: snake_case in Python, camelCase on the wire and in Neo4j.

Stored properties and JSON keys are camelCase (`lastContact`), the convention of Cypher and of the
JavaScript clients that read us; Python code reads `row.last_contact`. The alias generator joins
the two, so a model validates from a Cypher map projection or a request body by its camelCase keys
(or by field name, for code that builds one) and dumps camelCase unless told otherwise.
"""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

WIRE_NAMES = ConfigDict(alias_generator=to_camel, validate_by_name=True, validate_by_alias=True,
                        serialize_by_alias=True)


class ApiModel(BaseModel):
    """A model whose fields are snake_case attributes with camelCase aliases."""

    model_config = WIRE_NAMES
