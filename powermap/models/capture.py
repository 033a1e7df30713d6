"""What a capture writes and answers: interactions, the addresses it matched, and who it could not place."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from powermap.models.base import ApiModel
from powermap.models.types import Email, NodeId

PrivacyLevel = Literal["metadata", "metadata_and_subjects"]


class MatchedPerson(ApiModel):
    """A person an address belongs to (their own e-mail or an alias)."""

    address: str
    id: str
    label: Literal["Employee", "Stakeholder"]


class Suggestion(ApiModel):
    """Someone we meet who is not on the map: an unmatched address at a customer's domain."""

    address: str
    name: str | None = None
    customer_ids: list[str]
    interactions: int
    last_seen: datetime


class CaptureReport(ApiModel):
    """What one capture read and wrote."""

    source: Literal["calendar", "mail"]
    read: int = Field(description="meetings (occurrences) or threads read from the files")
    captured: int = Field(description="those with at least one of our employees and one stakeholder")
    created: int
    updated: int
    unchanged: int
    excluded_addresses: int = Field(description="addresses left out because they are excluded from capture")
    privacy: PrivacyLevel
    not_on_the_map: list[Suggestion] = Field(description="people we meet who are not on the map (never created)")


class AliasCreate(ApiModel):
    address: Email
    person_id: NodeId


class AliasRead(ApiModel):
    address: str
    person_id: str
    label: Literal["Employee", "Stakeholder"]


class ExclusionCreate(ApiModel):
    """Exclude an address, or every address of a person, from capture (now and on every re-capture)."""

    address: Email | None = None
    person_id: NodeId | None = None


class ExclusionReport(ApiModel):
    excluded_addresses: int
    interactions_left: int = Field(description="interactions the person was removed from")
    interactions_deleted: int = Field(description="interactions deleted as no pair of ours and theirs was left")
