"""Field types shared by every model: ids, strengths, influence, timestamps."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

NodeId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"),
    Field(description="Stable id: letters, digits and _ . : - (at most 128 characters)"),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=5000)]
Strength = Annotated[float, Field(gt=0, le=1, description="A strength in (0, 1]")]
Share = Annotated[float, Field(ge=0, le=1)]
Influence = Annotated[int, Field(ge=1, le=5, description="Influence 1 (little) to 5 (decisive)")]
Rating = Annotated[int, Field(ge=1, le=5)]
Money = Annotated[float, Field(ge=0)]


def _as_utc(value: datetime) -> datetime:
    """ISO 8601 without an offset is read as UTC, so every stored instant is comparable.

    Instants are bounded to the years 1900-2199: wide enough for any sales record, and narrow
    enough that period arithmetic (a previous period, a trend) never leaves the calendar.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if not 1900 <= value.year <= 2199:
        raise ValueError("must be between the years 1900 and 2199")
    return value


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]
