"""Relationship health of a customer at the practice's three levels."""

from datetime import date
from typing import Literal

from pydantic import BaseModel


class HealthPart(BaseModel):
    name: str
    value: float
    target: float | None = None
    score: float


class HealthLevel(BaseModel):
    level: Literal["organisational", "key_person", "broad"]
    score: float
    parts: list[HealthPart]
    previousScore: float
    previousParts: list[HealthPart]
    change: float


class RelationshipHealth(BaseModel):
    customerId: str
    customerName: str
    reportDate: date
    previousDate: date
    levels: list[HealthLevel]


class CompanyTies(BaseModel):
    """Company-to-company ties in a period (`relationship_health/company_ties`); none for an
    unknown customer."""

    agreements: int = 0
    executiveExchanges: int = 0
    jointProgrammes: int = 0
