"""A stance or influence judged with a reason: the page's "set stance" action.

A `PATCH /stakeholders/{id}` that changes stance or influence already records an `Assessment`
(signed by the employee acting), but it has nowhere to put *why*. This service makes the same
patch, through the same policy, audit and `If-Match` check, with the reason kept as the
assessment's `note` (personal data: shown only to admins and the covering teams). A judgement that
changes neither value is refused (422): the reason would be recorded against nothing.
"""

from typing import Any

from powermap.errors import InvalidValue
from powermap.graph.driver import Graph
from powermap.graph.model import Label
from powermap.models.assessments import StanceJudgement
from powermap.models.nodes import KIND_BY_LABEL
from powermap.models.security import Principal
from powermap.models.versions import Precondition
from powermap.services import nodes

STAKEHOLDERS = KIND_BY_LABEL[Label.STAKEHOLDER]


def judge_stakeholder(graph: Graph, *, principal: Principal, stakeholder_id: str, judgement: StanceJudgement,
                      expected: Precondition | None = None) -> dict[str, Any]:
    """Set a person's stance and influence with the reason recorded on the assessment it makes."""
    stored = nodes.get_node(graph, principal=principal, kind=STAKEHOLDERS, node_id=stakeholder_id)
    stance = judgement.stance.value if judgement.stance else None
    if stored.get("stance") == stance and stored.get("influence") == judgement.influence:
        raise InvalidValue(f"stance is already {stance or 'unknown'} and influence {judgement.influence}: "
                           "nothing changed to record a reason for", field="stance")
    return nodes.patch_node(graph, principal=principal, kind=STAKEHOLDERS, node_id=stakeholder_id,
                            changes={"stance": judgement.stance, "influence": judgement.influence},
                            note=judgement.reason, expected=expected)
