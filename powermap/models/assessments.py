"""What the page sends to judge a person: a stance and influence, and why (`powermap.services.assessments`)."""

from typing import Annotated

from pydantic import Field, StringConstraints

from powermap.models.base import ApiModel
from powermap.models.types import Influence
from powermap.vocab import Stance


class StanceJudgement(ApiModel):
    """A stance (null: unknown) and influence set with a short reason, kept on the assessment it records."""

    stance: Stance | None
    influence: Influence
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)] = Field(
        description="Why (3 to 500 characters): kept as the assessment's note")
