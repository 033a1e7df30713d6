"""The access policy as a pure function: no Neo4j, every rule pinned."""

import pytest

from powermap.graph.changes import Action, Change
from powermap.graph.model import Label, RelType
from powermap.models.security import Principal, Role
from powermap.services import policy

EDITOR_A = Principal(key_id="k", name="a", role=Role.EDITOR, employee_id="emp-a", customers=frozenset({"cus-a"}))
ADMIN = Principal(key_id="k", name="admin", role=Role.ADMIN)


def change(label=Label.STAKEHOLDER, customers=("cus-a",), types=(), before=None, after=None, action=Action.UPDATE):
    return Change(action=action, label=label, entity_id="x", before=before, after=after,
                  relationship_types=frozenset(types), customers=frozenset(customers))


def refused(principal, made):
    with pytest.raises(policy.Forbidden) as raised:
        policy.authorize_write(principal, made)
    return raised.value


def test_an_editor_writes_only_covered_customers():
    policy.authorize_write(EDITOR_A, change())
    assert "cus-b" in refused(EDITOR_A, change(customers=("cus-a", "cus-b"))).problem


@pytest.mark.parametrize("made", [change(label=Label.TEAM, customers=()), change(label=Label.EMPLOYEE, customers=()),
                                  change(label=None, types=[RelType.MEMBER_OF], customers=()),
                                  change(label=Label.CUSTOMER, types=[RelType.COVERS])])
def test_access_grants_are_admin_writes(made):
    refused(EDITOR_A, made)
    policy.authorize_write(ADMIN, made)


def test_viewers_write_nothing():
    refused(Principal(key_id="k", name="v", role=Role.VIEWER, customers=frozenset({"cus-a"})), change())


def test_only_the_owner_marks_done_and_only_the_assigner_rates():
    done = change(Label.ACTIVITY, before={"status": "planned"}, after={"status": "done", "ownerId": "emp-b"})
    assert refused(EDITOR_A, done).field == "status"
    policy.authorize_write(EDITOR_A, change(Label.ACTIVITY, before={"status": "planned"},
                                            after={"status": "done", "ownerId": "emp-a"}))
    rated = change(Label.ACTIVITY, before={"rating": None}, after={"rating": 5, "assignedById": "emp-b"})
    assert refused(EDITOR_A, rated).field == "rating"
    policy.authorize_write(ADMIN, rated)


def test_an_assessment_is_signed_by_the_acting_employee():
    assert refused(EDITOR_A, change(Label.ASSESSMENT, action=Action.CREATE, after={"byId": "emp-b"})).field == "byId"
    policy.authorize_write(EDITOR_A, change(Label.ASSESSMENT, action=Action.CREATE, after={"byId": "emp-a"}))
    policy.authorize_write(EDITOR_A, change(Label.ASSESSMENT, action=Action.CREATE, after={"byId": None}))


def test_only_admins_act_as_someone_else():
    assert policy.acting_as(ADMIN, "emp-b").acting_employee_id == "emp-b"
    assert policy.acting_as(EDITOR_A, "emp-a") is EDITOR_A
    with pytest.raises(policy.Forbidden):
        policy.acting_as(EDITOR_A, "emp-b")


def test_personal_fields_are_dropped_outside_the_covering_team():
    records = [{"id": "s1", "name": "Zhou", "notes": "n", "email": "e"}, {"id": "s2", "name": "Li", "notes": "m"}]
    shown = policy.redact(EDITOR_A, Label.STAKEHOLDER, records, lambda nodes: {"s1": {"cus-a"}, "s2": {"cus-b"}})
    assert shown == [{"id": "s1", "name": "Zhou", "notes": "n", "email": "e"}, {"id": "s2", "name": "Li"}]
    assert policy.without_personal(Label.ASSESSMENT, {"note": "x", "stance": "neutral"}) == {"stance": "neutral"}
