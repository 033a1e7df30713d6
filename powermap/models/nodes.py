"""The node kinds of the graph and their API models.

Each kind is declared once as a `Fields` model (its stored properties) plus its `links`: foreign
keys the API accepts on create/update and shows on read, each backed by one relationship type.
The `XCreate`, `XUpdate` (all optional) and `XRead` (with id, timestamps, links and version) models
are derived from that declaration, so the fourteen kinds share one CRUD implementation.

A `PATCH` body is a JSON merge patch (RFC 7396) of the record: a field left out keeps its value, an
explicit `null` clears an optional field (a link's `null` removes it, a list's `null` empties it), and
a required field or one with a default refuses `null` with a 422 naming it (clearing it would leave
a record the read model cannot describe; send the value you want instead).

A record whose fields contradict each other is refused with a 422 naming both (`Contradiction`),
judged on what the write would store: the body of a create or `PUT`, the stored record merged with
the patch for a `PATCH` (`NodeKind.rules`). The rules:
- Activity: `status` done needs a `doneAt` (else it never counts as contact, and staleness is judged
  wrong); planned or cancelled refuses one (a time it was done that it was not).
- Stakeholder: `orgUnitId` and `customerId` are two places of work; a person works in an org unit or,
  where none is known, directly at the customer, never both (move them with `null` on the other).
Considered and not rules: an Assessment's `previousStance`/`previousInfluence` may equal the new values
(a dated note that nothing changed is a judgement too) and are history, not a contradiction; an
Insight's `layer` fits every channel (a sales visit reads the business plan); an Opportunity's
`status` or a Project at `lost` with a contract involve other records, which the sandbox and the bid
gate judge, not the record alone.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model
from pydantic.alias_generators import to_snake
from pydantic.fields import FieldInfo

from powermap.errors import Contradiction
from powermap.graph.model import Label, RelType
from powermap.models.base import WIRE_NAMES, ApiModel
from powermap.models.types import (
    Email,
    Finite,
    IdList,
    Influence,
    Money,
    Name,
    NodeId,
    Rating,
    ShortText,
    Text,
    Timestamp,
)
from powermap.vocab import (
    ActivityStatus,
    ActivityType,
    ChainKind,
    Channel,
    DecisionRole,
    EmployeeRole,
    Horizon,
    OpportunityStatus,
    ProjectStage,
    Stance,
    TechnicalLayer,
    Tier,
)


class Fields(ApiModel):
    """Stored properties of a node; unknown fields are refused so typos don't vanish silently."""

    model_config = ConfigDict(extra="forbid")


class CrmFields(Fields):
    """Where a node imported from a CRM came from: a re-import finds it again by these two."""

    crm_source: Literal["salesforce", "dynamics"] | None = Field(
        default=None, description="The CRM the node was imported from")
    crm_id: ShortText | None = Field(default=None, description="The record's id in that CRM")


class CustomerFields(CrmFields):
    name: Name
    industry: ShortText | None = None
    region: ShortText | None = None
    tier: Tier = Tier.STANDARD


class OrgUnitFields(Fields):
    name: Name


class StakeholderFields(CrmFields):
    name: Name
    title: ShortText | None = None
    level: Literal["c_level", "vp", "director", "manager", "staff"] | None = None
    influence: Influence = 3
    stance: Stance | None = None
    email: Email | None = None
    notes: Text | None = Field(default=None, description="Personal data: observations about the person")


class EmployeeFields(Fields):
    name: Name
    role: EmployeeRole
    email: Email | None = None


class TeamFields(Fields):
    name: Name


class CompetitorFields(Fields):
    name: Name


class InsightFields(Fields):
    channel: Channel
    layer: TechnicalLayer | None = None
    summary: Text
    found_at: Timestamp


class OpportunityFields(Fields):
    name: Name
    horizon: Horizon
    market_space: Money = Field(description="Addressable value, in the account's currency")
    growth_rate: Finite = Field(ge=-1, le=10, description="Yearly growth as a fraction (0.12 = 12%)")
    profit_margin: Finite = Field(ge=-1, le=1, description="Expected margin as a fraction")
    competitive_intensity: int = Field(ge=1, le=5)
    resource_cost: Money
    status: OpportunityStatus = OpportunityStatus.OPEN


class PlanFields(Fields):
    year: int = Field(ge=2000, le=2100)
    order_target: Money
    budget: Money


class ProjectFields(CrmFields):
    name: Name
    stage: ProjectStage = ProjectStage.LEAD
    value: Money = Field(default=0, description="The deal's value (a CRM opportunity's amount)")
    close_date: date | None = Field(default=None, description="When the deal is expected to close (or closed)")
    crm_stage: ShortText | None = Field(default=None, description="The stage as the CRM names it")
    owner_name: ShortText | None = Field(default=None, description="The deal's owner in the CRM")


class DecisionChainFields(CrmFields):
    kind: ChainKind
    required_roles: list[DecisionRole] = Field(default_factory=list, max_length=len(DecisionRole))


class ActivityFields(Fields):
    type: ActivityType
    title: ShortText | None = None
    planned_at: Timestamp
    done_at: Timestamp | None = None
    status: ActivityStatus = ActivityStatus.PLANNED
    rating: Rating | None = None
    outcome: Text | None = None


class AssessmentFields(Fields):
    at: Timestamp
    stance: Stance | None = None
    influence: Influence | None = None
    previous_stance: Stance | None = None
    previous_influence: Influence | None = None
    note: Text | None = None


class ContractFields(Fields):
    name: ShortText | None = None
    value: Money
    signed_at: Timestamp


class StageChangeFields(Fields):
    """One move in a project's stage history: the one model of it.

    Written by Powermap on every stage move, carried by seeds and imports (`stageHistory` steps, where
    `fromStage` may be left out: it is the step before), restored from an export, and read back in a
    lineage. `by` is the employee who moved it.
    """

    stage: ProjectStage
    from_stage: ProjectStage | None = None
    at: Timestamp
    by: NodeId | None = None
    override_reason: Text | None = None


@dataclass(frozen=True)
class Link:
    """A foreign key on the API backed by a relationship (outgoing unless `incoming`)."""

    field: str
    type: RelType
    other: Label
    incoming: bool = False
    many: bool = False

    @property
    def name(self) -> str:
        """The Python attribute behind `field`, the camelCase name on the wire."""
        return to_snake(self.field)


# A rule a whole record must satisfy: given its wire-named values, the contradiction it holds, if any.
Rule = Callable[[Mapping[str, Any]], Contradiction | None]


def _done_has_a_time(record: Mapping[str, Any]) -> Contradiction | None:
    status, done_at = record.get("status"), record.get("doneAt")
    if status == ActivityStatus.DONE and done_at is None:
        return Contradiction("status is done but doneAt is not set: say when it was done",
                             fields=("status", "doneAt"))
    if status in (ActivityStatus.PLANNED, ActivityStatus.CANCELLED) and done_at is not None:
        return Contradiction(f"status is {status} but doneAt is set: only a done activity has a time it was done",
                             fields=("status", "doneAt"))
    return None


def _works_in_one_place(record: Mapping[str, Any]) -> Contradiction | None:
    if record.get("orgUnitId") and record.get("customerId"):
        return Contradiction("orgUnitId and customerId are both set: a stakeholder works in an org unit or "
                             "directly at a customer, not both (clear one with null)",
                             fields=("orgUnitId", "customerId"))
    return None


@dataclass(frozen=True)
class NodeKind:
    """Everything the generic CRUD needs to know about one label."""

    label: Label
    path: str
    fields: type[Fields]
    links: tuple[Link, ...] = ()
    filters: tuple[str, ...] = ()
    id_prefix: str = ""
    rules: tuple[Rule, ...] = ()
    create: type[BaseModel] = field(init=False)
    update: type[BaseModel] = field(init=False)
    read: type[BaseModel] = field(init=False)

    def __post_init__(self) -> None:
        name = self.label.value
        object.__setattr__(self, "create", _with_links(name + "Create", self.fields, self.links))
        object.__setattr__(self, "update", partial_model(name + "Update", self.create))
        object.__setattr__(self, "read", _readable(name + "Read", self.fields, self.links))

    def link(self, name: str) -> Link:
        return next(link for link in self.links if link.field == name)

    def refuse_contradictions(self, record: Mapping[str, Any]) -> None:
        """Raise the first `Contradiction` the record (wire names, links included) holds."""
        for rule in self.rules:
            found = rule(record)
            if found is not None:
                raise found


def _link_annotation(link: Link) -> Any:
    return list[NodeId] if link.many else NodeId | None


def _with_links(name: str, base: type[Fields], links: tuple[Link, ...]) -> type[BaseModel]:
    """The create model: the stored fields plus the links, a list of ids at most MAX_IDS long."""
    extra: dict[str, Any] = {
        link.name: (IdList if link.many else NodeId | None, [] if link.many else None) for link in links
    }
    return create_model(name, __base__=base, **extra)


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("cannot be null: the field is required (leave it out to keep it)")
    return value


def bounded_annotation(info: FieldInfo) -> Any:
    """A field's type with its own constraints (lengths, ranges) attached, for use in another model."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def partial_model(name: str, model: type[BaseModel]) -> type[BaseModel]:
    """Every field optional, with its constraints and validators kept.

    Leaving a field out keeps it; an explicit null clears it (RFC 7396), which only optional fields
    and lists allow: a required field, or one with a default, refuses null (clearing it would leave a
    node the read model cannot describe).
    """
    optional: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        # A type built at run time for create_model: no static type describes it.
        annotation: Any = bounded_annotation(info)
        # A list that may be empty (a many-link, required roles) takes null as "none".
        nullable = not info.is_required() and (info.default in (None, []) or info.default_factory is not None)
        annotation = annotation | None if nullable else Annotated[annotation | None, AfterValidator(_refuse_null)]
        optional[key] = (annotation, Field(default=None, description=info.description))
    return create_model(name, __config__=ConfigDict(**WIRE_NAMES, extra="forbid"), **optional)


class _Stored(ApiModel):
    """Base of read models: tolerant of properties added by later versions."""

    model_config = ConfigDict(extra="ignore")


def _tolerant(info: Any) -> Any:
    """A read field: the type without the input constraints, so stored data always reads back."""
    if info.default_factory is not None:
        return Field(default_factory=info.default_factory, description=info.description)
    return Field(default=... if info.is_required() else info.default, description=info.description)


def _readable(name: str, base: type[Fields], links: tuple[Link, ...]) -> type[BaseModel]:
    stored: dict[str, Any] = {key: (info.annotation, _tolerant(info)) for key, info in base.model_fields.items()}
    stored.update(
        id=(str, ...),
        created_at=(datetime, ...),
        updated_at=(datetime, ...),
        version=(str, Field(description="The version read (also the ETag header); send it back as If-Match "
                                        "to change or delete only this version")),
        **{link.name: (_link_annotation(link), [] if link.many else None) for link in links},
    )
    return create_model(name, __base__=_Stored, **stored)


K, R = Label, RelType
NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind(K.CUSTOMER, "customers", CustomerFields,
             (Link("parentId", R.SUBSIDIARY_OF, K.CUSTOMER),),
             filters=("industry", "region", "tier"), id_prefix="cus"),
    NodeKind(K.ORG_UNIT, "org-units", OrgUnitFields,
             (Link("customerId", R.PART_OF, K.CUSTOMER), Link("parentUnitId", R.PART_OF, K.ORG_UNIT)),
             id_prefix="org"),
    NodeKind(K.STAKEHOLDER, "stakeholders", StakeholderFields,
             (Link("orgUnitId", R.WORKS_IN, K.ORG_UNIT), Link("customerId", R.WORKS_IN, K.CUSTOMER)),
             filters=("stance", "level", "influence"), id_prefix="stk", rules=(_works_in_one_place,)),
    NodeKind(K.EMPLOYEE, "employees", EmployeeFields,
             (Link("teamIds", R.MEMBER_OF, K.TEAM, many=True),),
             filters=("role",), id_prefix="emp"),
    NodeKind(K.TEAM, "teams", TeamFields,
             (Link("customerIds", R.COVERS, K.CUSTOMER, many=True),), id_prefix="team"),
    NodeKind(K.COMPETITOR, "competitors", CompetitorFields, id_prefix="cmp"),
    NodeKind(K.INSIGHT, "insights", InsightFields,
             (Link("customerId", R.ABOUT, K.CUSTOMER), Link("raisedById", R.RAISED_BY, K.STAKEHOLDER),
              Link("surfacedById", R.SURFACED, K.ACTIVITY, incoming=True)),
             filters=("channel", "layer"), id_prefix="ins"),
    NodeKind(K.OPPORTUNITY, "opportunities", OpportunityFields,
             (Link("customerId", R.AT, K.CUSTOMER),
              Link("insightIds", R.DERIVED_FROM, K.INSIGHT, many=True)),
             filters=("horizon", "status"), id_prefix="opp"),
    NodeKind(K.PLAN, "plans", PlanFields, (Link("customerId", R.FOR, K.CUSTOMER),),
             filters=("year",), id_prefix="plan"),
    NodeKind(K.PROJECT, "projects", ProjectFields,
             (Link("customerId", R.AT, K.CUSTOMER), Link("opportunityId", R.PURSUES, K.OPPORTUNITY),
              Link("managerId", R.MANAGED_BY, K.EMPLOYEE),
              Link("competitorIds", R.COMPETES_WITH, K.COMPETITOR, many=True)),
             filters=("stage",), id_prefix="prj"),
    NodeKind(K.DECISION_CHAIN, "decision-chains", DecisionChainFields,
             (Link("projectId", R.HAS_CHAIN, K.PROJECT, incoming=True),),
             filters=("kind",), id_prefix="dc"),
    NodeKind(K.ACTIVITY, "activities", ActivityFields,
             (Link("projectId", R.FOR_PROJECT, K.PROJECT),
              Link("stakeholderIds", R.WITH, K.STAKEHOLDER, many=True),
              Link("ownerId", R.OWNED_BY, K.EMPLOYEE), Link("assignedById", R.ASSIGNED_BY, K.EMPLOYEE)),
             filters=("type", "status"), id_prefix="act", rules=(_done_has_a_time,)),
    NodeKind(K.ASSESSMENT, "assessments", AssessmentFields,
             (Link("stakeholderId", R.OF, K.STAKEHOLDER), Link("byId", R.BY, K.EMPLOYEE)),
             filters=("stance",), id_prefix="asm"),
    NodeKind(K.CONTRACT, "contracts", ContractFields,
             (Link("projectId", R.RESULTED_IN, K.PROJECT, incoming=True),), id_prefix="ctr"),
)
KIND_BY_LABEL = {kind.label: kind for kind in NODE_KINDS}
KIND_BY_PATH = {kind.path: kind for kind in NODE_KINDS}


def link_values(kind: NodeKind, payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a create/update payload into stored properties and link fields."""
    names = {link.field for link in kind.links}
    props = {key: value for key, value in payload.items() if key not in names}
    links = {key: value for key, value in payload.items() if key in names}
    return props, links


def as_properties(values: dict[str, Any]) -> dict[str, Any]:
    """Enum members become their values; dates and datetimes go to the driver as they are."""
    converted: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, list):
            converted[key] = [getattr(item, "value", item) for item in value]
        elif isinstance(value, date | datetime) or value is None:
            converted[key] = value
        else:
            converted[key] = getattr(value, "value", value)
    return converted
