"""The configurable code lists: loaded from domain.md, edited by the coordinator, codes kept."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core import code_lists
from approdi.core.models import AccessAction, AccessLogEntry, CodeListEntry
from approdi.network.models import NetworkActor

EXPECTED_SIZES = {
    "actor_kind": 21,
    "outing_kind": 5,
    "structure_kind": 6,
    "activity_kind": 16,
    "governance_table": 4,
    "referral_source": 17,
    "exploitation_form": 10,
    "service_kind": 9,
    "vulnerability": 9,
    "legal_status": 9,
    "exit_outcome": 9,
    "training_event_kind": 4,
    "presumed_offence": 5,
}


def test_the_domain_codes_are_loaded(db: None) -> None:
    sizes = {name: CodeListEntry.objects.filter(list_name=name).count() for name in EXPECTED_SIZES}
    assert sizes == EXPECTED_SIZES
    source = CodeListEntry.objects.get(list_name="referral_source", code="national_helpline")
    assert (source.label_it, source.label_en) == ("Numero verde nazionale", "National helpline")


@pytest.fixture
def coordinator_client(
    make_user: Callable[..., User], client_for: Callable[[User], Client], lead: Organisation
) -> Client:
    return client_for(make_user(lead, [Role.COORDINATOR], username="coord"))


def test_relabelling_and_retiring_keep_the_code_on_records(coordinator_client: Client) -> None:
    actor = NetworkActor.objects.create(slug="x", name="Union X", kind="union")
    response = coordinator_client.post(
        "/config/codes/actor_kind/union/",
        {"label_it": "Organizzazione sindacale", "label_en": "Trade union", "order": 5},
    )  # "active" unticked: the entry is retired
    assert response.status_code == 302
    entry = CodeListEntry.objects.get(list_name="actor_kind", code="union")
    assert (entry.label_it, entry.active, entry.order) == ("Organizzazione sindacale", False, 5)
    actor.refresh_from_db()
    assert actor.kind == "union"
    assert ("union", "Organizzazione sindacale") in code_lists.code_choices(
        "actor_kind", current="union"
    )
    assert "union" not in dict(code_lists.code_choices("actor_kind"))
    with pytest.raises(ValidationError):
        code_lists.validate_code("actor_kind", "union")
    code_lists.validate_code("actor_kind", "union", current="union")
    log = AccessLogEntry.objects.get(action=AccessAction.CONFIG_CHANGE)
    assert (log.actor_username, log.object_id, log.fields) == (
        "coord",
        "actor_kind:union",
        ["active", "label_it", "order"],
    )


def test_an_empty_label_is_refused_and_nothing_changes(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/config/codes/outing_kind/street/",
        {"label_it": "", "label_en": "Street", "order": 10, "active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("label_it", "required")
    assert CodeListEntry.objects.get(list_name="outing_kind", code="street").label_it == "Strada"


def test_adding_an_entry_and_refusing_a_duplicate(coordinator_client: Client) -> None:
    data = {"code": "farm", "label_it": "Azienda agricola", "label_en": "Farm", "order": 60}
    assert coordinator_client.post("/config/codes/outing_kind/", data).status_code == 302
    again = coordinator_client.post("/config/codes/outing_kind/", data)
    assert again.status_code == 200
    assert CodeListEntry.objects.filter(list_name="outing_kind", code="farm").count() == 1


@pytest.mark.parametrize(
    "role",
    [Role.ORG_MANAGER, Role.CASE_WORKER, Role.OUTREACH_WORKER, Role.MONITORING, Role.AUDITOR],
)
def test_other_roles_cannot_edit_code_lists(
    role: str,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    partner_a: Organisation,
) -> None:
    client = client_for(make_user(partner_a, [role]))
    assert client.get("/config/codes/").status_code == 404
    response = client.post(
        "/config/codes/outing_kind/street/",
        {"label_it": "X", "label_en": "X", "order": 1, "active": "on"},
    )
    assert response.status_code == 404
    assert CodeListEntry.objects.get(list_name="outing_kind", code="street").label_it == "Strada"
