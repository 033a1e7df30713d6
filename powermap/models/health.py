"""Relationship health of a customer at the practice's three levels."""

from datetime import date
from typing import Literal

from powermap.models.base import ApiModel


class HealthPart(ApiModel):
    name: str
    value: float
    target: float | None = None
    score: float


class HealthLevel(ApiModel):
    level: Literal["organisational", "key_person", "broad"]
    score: float
    parts: list[HealthPart]
    previous_score: float
    previous_parts: list[HealthPart]
    change: float


class RelationshipHealth(ApiModel):
    customer_id: str
    customer_name: str
    report_date: date
    previous_date: date
    levels: list[HealthLevel]


class CompanyTies(ApiModel):
    """Company-to-company ties in a period (`relationship_health/company_ties`); none for an
    unknown customer."""

    agreements: int = 0
    executive_exchanges: int = 0
    joint_programmes: int = 0
