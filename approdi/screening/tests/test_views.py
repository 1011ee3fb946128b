"""The assessment pages: the questionnaire, the explanation, scope → 404."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from approdi.accounts.models import Organisation, User
from approdi.people.models import Person
from approdi.screening.models import Assessment
from approdi.screening.services import assessment_create

pytestmark = pytest.mark.django_db


def test_questionnaire_lists_the_40_indicators(
    manager_a: User, client_for: Callable[[User], Client]
) -> None:
    body = client_for(manager_a).get(reverse("screening:create")).content.decode()
    assert body.count('data-testid="indicator-') == 40
    assert "Giornate od orari di lavoro eccessivi" in body


def test_record_from_the_form_and_see_why(
    manager_a: User, person_a: Person, client_for: Callable[[User], Client]
) -> None:
    client = client_for(manager_a)
    response = client.post(
        reverse("screening:create"),
        {
            "person_code": "MI-A-1",
            "assessed_on": "2024-03-02",
            "kind": "preliminary",
            "exploitation_forms": ["labour"],
            "conclusion": "presumed_victim",
            "ind_excessive_hours": "yes",
            "ind_wage_manipulation": "yes",
            "ev_wage_manipulation": "Trattenute per l'alloggio",
            "ind_debt_bondage": "no",
        },
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert assessment.computed_result == "serious_exploitation"
    assert assessment.interviewer == manager_a
    page = client.get(reverse("screening:detail", args=[assessment.uuid])).content.decode()
    assert "Grave sfruttamento" in page
    row = page[page.index('data-testid="dimension-4"') :]
    row = row[: row.index("</tr>")]
    assert "positiva" in row
    assert "Giornate od orari di lavoro eccessivi (S)" in row
    assert "Manipolazione di salari o debiti (M)" in row
    assert "Trattenute per l&#x27;alloggio" in page


def test_bad_form_rerenders_with_the_message(
    manager_b: User, person_a: Person, client_for: Callable[[User], Client]
) -> None:
    response = client_for(manager_b).post(
        reverse("screening:create"),
        {"person_code": "MI-A-1", "assessed_on": "2024-03-02", "kind": "preliminary"},
    )
    assert response.status_code == 200
    assert "Nessuna persona con questo codice tra quelle che puoi vedere." in (
        response.content.decode()
    )
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"), [("coordinator", 200), ("manager_a", 200), ("manager_b", 404)]
)
def test_assessment_page_by_scope(
    who: str,
    status: int,
    request: pytest.FixtureRequest,
    coordinator: User,
    person_a: Person,
    client_for: Callable[[User], Client],
) -> None:
    assessment = assessment_create(
        acting_user=coordinator,
        person=person_a,
        assessed_on=datetime.date(2024, 3, 2),
        kind="preliminary",
        conclusion="at_risk",
        answers={},
    )
    response = client_for(request.getfixturevalue(who)).get(
        reverse("screening:detail", args=[assessment.uuid])
    )
    assert response.status_code == status


@pytest.mark.parametrize("role", ["outreach_worker", "monitoring", "auditor", "admin"])
def test_roles_without_cases_get_404(
    role: str,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(partner_a, [role]))
    assert client.get(reverse("screening:create")).status_code == 404
    assert client.get(reverse("screening:list")).status_code == 404


def test_the_date_field_is_prefilled_in_iso_format(
    manager_a: User, client_for: Callable[[User], Client]
) -> None:
    body = client_for(manager_a).get(reverse("screening:create")).content.decode()
    today = datetime.date.today().isoformat()
    assert f'type="date" name="assessed_on" value="{today}"' in body
