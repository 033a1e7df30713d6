"""One way from a validation error to a problem (powermap/errors.py), without a database."""

import pytest
from pydantic import BaseModel, Field, ValidationError, model_validator

from powermap.errors import InvalidValue, field_problems, invalid_from


class Step(BaseModel):
    at: int = Field(ge=0)
    tags: list[int] = []

    @model_validator(mode="after")
    def _even(self) -> "Step":
        if self.at % 2:
            raise ValueError("at must be even")
        return self


def _error(**values: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Step.model_validate(values)
    return caught.value


def test_the_field_is_the_location_under_the_prefix():
    invalid = invalid_from(_error(at=0, tags=[1, "x"]), prefix="stageHistory[2]")
    assert isinstance(invalid, InvalidValue) and invalid.status_code == 422
    assert invalid.field == "stageHistory[2].tags.1"


def test_a_model_level_problem_names_the_prefix_and_drops_pydantics_wrapping():
    invalid = invalid_from(_error(at=3), prefix="weights")
    assert (invalid.field, invalid.problem) == ("weights", "at must be even")


def test_request_locations_lose_their_part_but_a_missing_body_keeps_it():
    errors = [{"loc": ("body", "properties", "strength"), "msg": "too big"},
              {"loc": ("query", "limit"), "msg": "not an int"}, {"loc": ("body",), "msg": "Field required"}]
    assert field_problems(errors) == [{"field": "properties.strength", "problem": "too big"},
                                      {"field": "limit", "problem": "not an int"},
                                      {"field": "body", "problem": "Field required"}]
