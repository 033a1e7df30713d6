"""The shape of the graph: labels, relationship types, which labels each type may join, and which
relationships mean "owned by" (what a cascade delete removes with its owner).

These enums are the allow-lists: only their members are ever placed into a Cypher statement.
"""

from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    CUSTOMER = "Customer"
    ORG_UNIT = "OrgUnit"
    STAKEHOLDER = "Stakeholder"
    EMPLOYEE = "Employee"
    TEAM = "Team"
    COMPETITOR = "Competitor"
    INSIGHT = "Insight"
    OPPORTUNITY = "Opportunity"
    PLAN = "Plan"
    PROJECT = "Project"
    DECISION_CHAIN = "DecisionChain"
    ACTIVITY = "Activity"
    ASSESSMENT = "Assessment"
    CONTRACT = "Contract"
    STAGE_CHANGE = "StageChange"
    TIE_CHANGE = "TieChange"
    INTERACTION = "Interaction"
    EMAIL_ALIAS = "EmailAlias"
    CAPTURE_EXCLUSION = "CaptureExclusion"
    API_KEY = "ApiKey"
    AUDIT_ENTRY = "AuditEntry"
    SESSION = "Session"
    ACCOUNT = "Account"


class RelType(StrEnum):
    PART_OF = "PART_OF"
    SUBSIDIARY_OF = "SUBSIDIARY_OF"
    WORKS_IN = "WORKS_IN"
    REPORTS_TO = "REPORTS_TO"
    INFLUENCES = "INFLUENCES"
    CONFLICTS_WITH = "CONFLICTS_WITH"
    ALIGNED_WITH = "ALIGNED_WITH"
    MEMBER_OF = "MEMBER_OF"
    COVERS = "COVERS"
    KNOWS = "KNOWS"
    BUYS_FROM = "BUYS_FROM"
    ABOUT = "ABOUT"
    SURFACED = "SURFACED"
    RAISED_BY = "RAISED_BY"
    AT = "AT"
    DERIVED_FROM = "DERIVED_FROM"
    FOR = "FOR"
    TARGETS = "TARGETS"
    DECLINES = "DECLINES"
    PURSUES = "PURSUES"
    MANAGED_BY = "MANAGED_BY"
    COMPETES_WITH = "COMPETES_WITH"
    RESULTED_IN = "RESULTED_IN"
    HAS_CHAIN = "HAS_CHAIN"
    IN_CHAIN = "IN_CHAIN"
    FOR_PROJECT = "FOR_PROJECT"
    WITH = "WITH"
    OWNED_BY = "OWNED_BY"
    ASSIGNED_BY = "ASSIGNED_BY"
    OF = "OF"
    BY = "BY"
    MOVED_TO = "MOVED_TO"
    HAS_TIE_CHANGE = "HAS_TIE_CHANGE"
    TIE_TO = "TIE_TO"


@dataclass(frozen=True)
class Ends:
    """The labels a relationship type may start from and end at."""

    sources: tuple[Label, ...]
    targets: tuple[Label, ...]


L = Label
RELATIONSHIP_ENDS: dict[RelType, Ends] = {
    RelType.PART_OF: Ends((L.ORG_UNIT,), (L.CUSTOMER, L.ORG_UNIT)),
    RelType.SUBSIDIARY_OF: Ends((L.CUSTOMER,), (L.CUSTOMER,)),
    RelType.WORKS_IN: Ends((L.STAKEHOLDER,), (L.ORG_UNIT, L.CUSTOMER)),
    RelType.REPORTS_TO: Ends((L.STAKEHOLDER,), (L.STAKEHOLDER,)),
    RelType.INFLUENCES: Ends((L.STAKEHOLDER,), (L.STAKEHOLDER,)),
    RelType.CONFLICTS_WITH: Ends((L.STAKEHOLDER,), (L.STAKEHOLDER,)),
    RelType.ALIGNED_WITH: Ends((L.STAKEHOLDER,), (L.COMPETITOR,)),
    RelType.MEMBER_OF: Ends((L.EMPLOYEE,), (L.TEAM,)),
    RelType.COVERS: Ends((L.TEAM,), (L.CUSTOMER,)),
    RelType.KNOWS: Ends((L.EMPLOYEE,), (L.STAKEHOLDER,)),
    RelType.BUYS_FROM: Ends((L.CUSTOMER,), (L.COMPETITOR,)),
    RelType.ABOUT: Ends((L.INSIGHT,), (L.CUSTOMER,)),
    RelType.SURFACED: Ends((L.ACTIVITY,), (L.INSIGHT,)),
    RelType.RAISED_BY: Ends((L.INSIGHT,), (L.STAKEHOLDER,)),
    RelType.AT: Ends((L.OPPORTUNITY, L.PROJECT), (L.CUSTOMER,)),
    RelType.DERIVED_FROM: Ends((L.OPPORTUNITY,), (L.INSIGHT,)),
    RelType.FOR: Ends((L.PLAN,), (L.CUSTOMER,)),
    RelType.TARGETS: Ends((L.PLAN,), (L.OPPORTUNITY,)),
    RelType.DECLINES: Ends((L.PLAN,), (L.OPPORTUNITY,)),
    RelType.PURSUES: Ends((L.PROJECT,), (L.OPPORTUNITY,)),
    RelType.MANAGED_BY: Ends((L.PROJECT,), (L.EMPLOYEE,)),
    RelType.COMPETES_WITH: Ends((L.PROJECT,), (L.COMPETITOR,)),
    RelType.RESULTED_IN: Ends((L.PROJECT,), (L.CONTRACT,)),
    RelType.HAS_CHAIN: Ends((L.PROJECT,), (L.DECISION_CHAIN,)),
    RelType.IN_CHAIN: Ends((L.STAKEHOLDER,), (L.DECISION_CHAIN,)),
    RelType.FOR_PROJECT: Ends((L.ACTIVITY,), (L.PROJECT,)),
    RelType.WITH: Ends((L.ACTIVITY,), (L.STAKEHOLDER,)),
    RelType.OWNED_BY: Ends((L.ACTIVITY,), (L.EMPLOYEE,)),
    RelType.ASSIGNED_BY: Ends((L.ACTIVITY,), (L.EMPLOYEE,)),
    RelType.OF: Ends((L.ASSESSMENT,), (L.STAKEHOLDER,)),
    RelType.BY: Ends((L.ASSESSMENT,), (L.EMPLOYEE,)),
    RelType.MOVED_TO: Ends((L.PROJECT,), (L.STAGE_CHANGE,)),
    RelType.HAS_TIE_CHANGE: Ends((L.EMPLOYEE,), (L.TIE_CHANGE,)),
    RelType.TIE_TO: Ends((L.TIE_CHANGE,), (L.STAKEHOLDER,)),
}

# The history of a KNOWS tie: `(Employee)-[:HAS_TIE_CHANGE]->(TieChange)-[:TIE_TO]->(Stakeholder)`,
# one TieChange per creation, strength change or removal of the tie (at, strength: null once
# removed, previousStrength: null for a new tie, lastContact as it stood). A node, not properties on
# KNOWS, because the history must outlive a deleted tie and be queryable by date, as StageChange is
# for a project's stage; linked to both ends because a relationship cannot point at a relationship.

# Written by Powermap itself (stage and tie history), never through the relationship API.
INTERNAL_TYPES = frozenset({RelType.MOVED_TO, RelType.HAS_TIE_CHANGE, RelType.TIE_TO})
# Captured signals (powermap/services/capture.py): `(Interaction)-[:INVOLVES]->(Employee|Stakeholder)`,
# `(EmailAlias)-[:ALIAS_OF]->(Employee|Stakeholder)` and `CaptureExclusion` (an address hash). Written
# only by capture, never through the graph API, and not exported: they are re-captured from their
# sources (so INVOLVES and ALIAS_OF are not in RELATIONSHIP_ENDS).
CAPTURE_LABELS = frozenset({Label.INTERACTION, Label.EMAIL_ALIAS, Label.CAPTURE_EXCLUSION})
# Security records and captured signals: never exported, imported or written through the graph API.
SECURITY_LABELS = frozenset({Label.API_KEY, Label.AUDIT_ENTRY, Label.SESSION, Label.ACCOUNT}) | CAPTURE_LABELS
