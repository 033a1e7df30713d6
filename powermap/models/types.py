"""Field types shared by every model: ids, strengths, influence, timestamps, and the input limits.

Every value a client sends is bounded, so no request can store something the API cannot serve back
or compute with (a 422 names the field instead):

- Strings: names `Name` 200 characters; short free text `ShortText` (titles, industry, region, a
  contract's name, a stage move's reason) 500; an e-mail address `Email` 320 (RFC 5321's limit);
  long free text `Text` (notes, summaries, outcomes) 10,000. Ids match `NodeId` (128).
- Lists of ids (`IdList`: a team's customers, an activity's people): at most 1,000 entries; more
  belongs in a bulk import.
- Numbers are finite: `1e309`, `Infinity` and `NaN` are refused (JSON cannot carry them back), and
  every float field here says `allow_inf_nan=False` even where a bound would also refuse them.
- Instants (`Timestamp`) and days (`Day`) lie in the years 1900-2199: wide enough for any sales
  record, narrow enough that period arithmetic (a previous period, a trend) never leaves the calendar.
- Dates and times are taken the same way everywhere: every `Timestamp` and every `Day` accepts both a
  bare date (`2026-10-01`) and an ISO 8601 timestamp (`2026-10-01T09:30:00+02:00`). A bare date given
  for an instant is that day at 00:00 UTC; a timestamp without an offset is UTC. A timestamp given
  for a day (a KNOWS tie's `since` and `lastContact`, a report date) is kept as its UTC day: those
  fields are stored and compared as days (the staleness and silence windows count whole days), so
  the time of day would be false precision, and what is stored stays what was always stored.
- A page starts at most `MAX_OFFSET` items in (`PageOffset`): far past any real list, and well inside
  the 64-bit integers Neo4j takes.
"""

from datetime import UTC, date, datetime
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, TypeAdapter, ValidationError

NodeId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"),
    Field(description="Stable id: letters, digits and _ . : - (at most 128 characters)"),
]
MAX_IDS = 1000
MAX_OFFSET = 10_000_000
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(max_length=500)]
Email = Annotated[str, StringConstraints(max_length=320)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
IdList = Annotated[list[NodeId], Field(max_length=MAX_IDS)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Strength = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False, description="A strength in (0, 1]")]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Influence = Annotated[int, Field(ge=1, le=5, description="Influence 1 (little) to 5 (decisive)")]
Rating = Annotated[int, Field(ge=1, le=5)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]
PageOffset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description=f"items to skip (at most {MAX_OFFSET:,})")]

FIRST_YEAR, LAST_YEAR = 1900, 2199

Moment = TypeVar("Moment", bound=date)  # a date or a datetime, kept as given


def _in_calendar(value: Moment) -> Moment:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"must be between the years {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _as_utc(value: datetime) -> datetime:
    """ISO 8601 without an offset is read as UTC, so every stored instant is comparable."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # Judged before the conversion too: year 9999 with a negative offset would overflow it.
    return _in_calendar(_in_calendar(value).astimezone(UTC))


_INSTANT = TypeAdapter(datetime)


def _utc_day(value: object) -> object:
    """A timestamp (text or datetime) becomes its UTC day; a bare date and anything else pass on."""
    if isinstance(value, str) and len(value.strip()) > len("YYYY-MM-DD"):
        try:
            value = _INSTANT.validate_python(value.strip())
        except ValidationError:
            raise ValueError("is neither a date (YYYY-MM-DD) nor an ISO 8601 timestamp") from None
    if isinstance(value, datetime):
        return _as_utc(value).date()
    return value


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]
Day = Annotated[date, BeforeValidator(_utc_day), AfterValidator(_in_calendar)]
