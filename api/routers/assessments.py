"""Judge a person on the page: stance and influence with a reason (`powermap.services.assessments`).

The one write the generic `PATCH /stakeholders/{id}` cannot make: it records the assessment without
a reason. Same policy, audit and `If-Match` rule as that patch; the answer is the person, with the
new `ETag`.
"""

from typing import Any

from fastapi import APIRouter, Response

from powermap.api.deps import ActingDep, GraphDep
from powermap.api.errors import problem_responses
from powermap.api.preconditions import ETAG_HEADER, IfMatchDep, tag
from powermap.graph.model import Label
from powermap.models.assessments import StanceJudgement
from powermap.models.nodes import KIND_BY_LABEL
from powermap.models.types import NodeId
from powermap.services.assessments import judge_stakeholder

router = APIRouter(tags=["stakeholders"])


@router.post("/stakeholders/{stakeholder_id}/judgement", response_model=KIND_BY_LABEL[Label.STAKEHOLDER].read,
             response_model_exclude_unset=True,
             summary="Set a person's stance and influence with a reason (recorded as an assessment by you)",
             responses={200: {"headers": ETAG_HEADER}, **problem_responses(403, 404, 412, 422)})
def judge(stakeholder_id: NodeId, body: StanceJudgement, graph: GraphDep, response: Response,
          principal: ActingDep, expected: IfMatchDep) -> Any:
    person = judge_stakeholder(graph, principal=principal, stakeholder_id=stakeholder_id, judgement=body,
                               expected=expected)
    tag(response, person["version"])
    return person
