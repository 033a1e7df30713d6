"""The domain's fixed vocabularies (../shared/DOMAIN.md), as enums the API validates against."""

from enum import StrEnum


class Stance(StrEnum):
    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTIC = "skeptic"
    OPPONENT = "opponent"

    @property
    def score(self) -> int:
        """Stance toward us as a number: champion +2 down to opponent -2."""
        return STANCE_SCORES[self]


STANCE_SCORES = {
    Stance.CHAMPION: 2,
    Stance.SUPPORTER: 1,
    Stance.NEUTRAL: 0,
    Stance.SKEPTIC: -1,
    Stance.OPPONENT: -2,
}
SUPPORTIVE = frozenset({Stance.CHAMPION, Stance.SUPPORTER})
HOSTILE = frozenset({Stance.SKEPTIC, Stance.OPPONENT})


class DecisionRole(StrEnum):
    DECISION_MAKER = "decision_maker"
    APPROVER = "approver"
    EVALUATOR = "evaluator"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    COACH = "coach"


KEY_ROLES = frozenset({DecisionRole.DECISION_MAKER, DecisionRole.APPROVER})
ROLE_WEIGHTS = {
    DecisionRole.DECISION_MAKER: 1.0,
    DecisionRole.APPROVER: 0.8,
    DecisionRole.EVALUATOR: 0.6,
    DecisionRole.INFLUENCER: 0.5,
    DecisionRole.COACH: 0.4,
    DecisionRole.USER: 0.3,
    DecisionRole.GATEKEEPER: 0.3,
}


class EmployeeRole(StrEnum):
    AR = "AR"
    SR = "SR"
    FR = "FR"
    EXECUTIVE = "executive"


class Tier(StrEnum):
    STRATEGIC = "strategic"
    KEY = "key"
    STANDARD = "standard"


class Channel(StrEnum):
    SALES = "sales"
    TECHNICAL = "technical"
    SERVICE = "service"


class TechnicalLayer(StrEnum):
    """The five layers of the technical scan of a customer's business."""

    BUSINESS_PLAN = "business_plan"
    NETWORK_PERFORMANCE = "network_performance"
    ARCHITECTURE = "architecture"
    BUILD_AND_RUN_COST = "build_and_run_cost"
    TECHNOLOGY_EVOLUTION = "technology_evolution"


class Horizon(StrEnum):
    SHORT = "short"
    MID = "mid"
    LONG = "long"


class OpportunityStatus(StrEnum):
    OPEN = "open"
    TARGETED = "targeted"
    DECLINED = "declined"
    PURSUED = "pursued"
    CLOSED = "closed"


class ProjectStage(StrEnum):
    LEAD = "lead"
    OPPORTUNITY = "opportunity"
    BID = "bid"
    CONTRACT = "contract"
    DELIVERY = "delivery"
    LOST = "lost"


class ChainKind(StrEnum):
    TECHNICAL_SELECTION = "technical_selection"
    COMMERCIAL_APPROVAL = "commercial_approval"
    PROCUREMENT = "procurement"


class ActivityType(StrEnum):
    VISIT = "visit"
    EXECUTIVE_VISIT = "executive_visit"
    HQ_VISIT = "hq_visit"
    TECHNICAL_EXCHANGE = "technical_exchange"
    WORKSHOP = "workshop"
    BID_CLARIFICATION = "bid_clarification"
    OTHER = "other"


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class InfluenceKind(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"
    ADVISORY = "advisory"
    PERSONAL = "personal"
