"""REST resources of referrals: list, read, create, and the decisions as actions.

Querysets come from the scoping function (a partner sees the referrals it made or that
were assigned to it); writes go through the services, whose refusals come back as 400
with the same messages as the pages. Free text (contact, reason, notes) is write-only.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from approdi.accounts.models import Organisation
from approdi.accounts.roles import has_role
from approdi.api.views import ScopedReadOnlyViewSet
from approdi.cases.choices import CasePath, Phase, Programme
from approdi.network.models import NetworkActor
from approdi.people.choices import Gender
from approdi.people.services import (
    DuplicateDecisionNeeded,
    LookupThrottled,
    person_lookup_log,
    person_lookup_throttled_log,
)

from . import selectors, services
from .choices import SourceKind, Urgency
from .forms import partner_organisations
from .models import Referral


class LookupsThrottled(exceptions.Throttled):
    """429 with the page's message and `Retry-After` (DRF's own wait sentence is left
    out: it is formatted before translation, so it would stay in English)."""

    def __init__(self, throttled: LookupThrottled) -> None:
        super().__init__(detail=str(throttled))
        self.wait = throttled.retry_after


class MayUseReferrals(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, selectors.REFERRAL_ROLES)


class NewPersonSerializer(serializers.Serializer):
    gender = serializers.ChoiceField(choices=Gender.choices)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True
    )
    nationality = serializers.CharField(max_length=2, required=False, allow_blank=True)
    # Identity (encrypted at rest), looked up before the person is created.
    given_names = serializers.CharField(required=False, allow_blank=True, max_length=200)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    birth_date = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=50)
    confirm_new = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True once the caller has seen the people who may be the same (answered "
        "with 400 and their codes) and says this is someone else.",
    )


def _new_person(data: dict[str, Any]) -> services.NewPerson:
    identity = {
        name: data[name]
        for name in ("given_names", "family_name", "birth_date", "phone")
        if data.get(name) not in (None, "")
    }
    return services.NewPerson(
        gender=data["gender"],
        birth_year=data.get("birth_year"),
        nationality=data.get("nationality", ""),
        identity=identity,
        confirm_new=data.get("confirm_new", False),
    )


class ReferralSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = serializers.CharField(source="person.code", read_only=True)
    person_code = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=32
    )
    new_person = NewPersonSerializer(write_only=True, required=False, allow_null=True)
    referred_on = serializers.DateField(required=False, allow_null=True)
    source_kind = serializers.ChoiceField(
        choices=SourceKind.choices, required=False, allow_blank=True
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ORDINARY)
    presumed_exploitation = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list
    )
    referring_actor: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=NetworkActor.objects.all(),
        required=False,
        allow_null=True,
    )
    referring_contact = serializers.CharField(write_only=True, required=False, allow_blank=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)
    notes = serializers.CharField(write_only=True, required=False, allow_blank=True)
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    assigned_organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
    )
    case = serializers.UUIDField(source="case.uuid", read_only=True, allow_null=True)
    days_to_decision = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "referred_on",
            "source_kind",
            "referring_actor",
            "referring_contact",
            "person",
            "person_code",
            "new_person",
            "presumed_exploitation",
            "urgency",
            "danger_reported",
            "reason",
            "notes",
            "status",
            "organisation",
            "assigned_organisation",
            "decided_at",
            "days_to_decision",
            "receiving_service",
            "case",
        ]
        read_only_fields = ["status", "decided_at", "receiving_service"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_organisation"].queryset = partner_organisations()  # type: ignore[attr-defined]

    def to_representation(self, instance: Referral) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        visible = getattr(instance, "where_visible", None)  # marked per page by the list
        if visible is None and request is not None:
            visible = selectors.may_see_where_taken_in(request.user, instance)
        if request is not None and not visible:
            # The partner that only referred her learns the outcome, not where she is.
            data["assigned_organisation"] = None
            data["case"] = None
        return data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_to_decision(self, referral: Referral) -> int | None:
        return selectors.days_to_decision(referral)


class AcceptSerializer(serializers.Serializer):
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
        default=None,
    )
    programme = serializers.ChoiceField(choices=Programme.choices, default=Programme.ART13)
    path = serializers.ChoiceField(choices=CasePath.choices, default=CasePath.SOCIAL)
    first_phase = serializers.ChoiceField(
        choices=Phase.choices, required=False, allow_blank=True, default=""
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations()  # type: ignore[attr-defined]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RedirectSerializer(ReasonSerializer):
    receiving_service = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )


@extend_schema_view(
    create=extend_schema(
        responses={
            201: ReferralSerializer,
            429: OpenApiResponse(
                description="The caller has made this hour's duplicate lookups "
                "(APPRODI_DUPLICATE_LOOKUPS_PER_HOUR): nothing saved; Retry-After says when "
                "the next hour starts. A referral by person_code needs no lookup."
            ),
        }
    )
)
class ReferralViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    model = Referral
    serializer_class = ReferralSerializer
    permission_classes = [MayUseReferrals]
    filterset_fields = ["status", "urgency", "source_kind"]

    def get_queryset(self) -> QuerySet[Referral]:
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        return selectors.referral_list(user=self.request.user).order_by(  # type: ignore[arg-type]
            "-referred_on", "-created_at"
        )

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            selectors.mark_where_taken_in(self.request.user, page)  # type: ignore[arg-type]
        return page

    def perform_create(self, serializer: serializers.BaseSerializer[Referral]) -> None:
        data: dict[str, Any] = serializer.validated_data
        new = data.get("new_person")
        try:
            serializer.instance = services.referral_create(
                acting_user=self.request.user,  # type: ignore[arg-type]
                referred_on=data.get("referred_on"),
                source_kind=data.get("source_kind", ""),
                person_code=data.get("person_code", ""),
                new_person=_new_person(new) if new else None,
                urgency=data.get("urgency", Urgency.ORDINARY),
                presumed_exploitation=data.get("presumed_exploitation", []),
                referring_actor=data.get("referring_actor"),
                referring_contact=data.get("referring_contact", ""),
                reason=data.get("reason", ""),
                notes=data.get("notes", ""),
                danger_reported=data.get("danger_reported", False),
                assigned_organisation=data.get("assigned_organisation"),
            )
        except DuplicateDecisionNeeded as decision:
            person_lookup_log(
                acting_user=self.request.user,  # type: ignore[arg-type]
                decision=decision,
                request=self.request,
            )
            # The codes of the people the caller may see; of the others, only that the
            # coordination office will check them once a new person is confirmed.
            message = _(
                "This person may already be recorded: send person_code with one of the "
                "candidates, or new_person.confirm_new true."
            )
            raise serializers.ValidationError(
                {
                    "new_person": [message],
                    "candidates": [c.person.code for c in decision.candidates if c.person],
                    "hidden_match": [str(any(c.person is None for c in decision.candidates))],
                }
            ) from decision
        except LookupThrottled as throttled:
            person_lookup_throttled_log(
                acting_user=self.request.user,  # type: ignore[arg-type]
                throttled=throttled,
                request=self.request,
            )
            raise LookupsThrottled(throttled) from throttled

    def _answer(self, referral: Referral) -> Response:
        referral = selectors.referral_get(user=self.request.user, uuid=referral.uuid)  # type: ignore[arg-type]
        return Response(self.get_serializer(referral).data)

    def _decide(
        self,
        request: Request,
        incoming_class: type[serializers.Serializer] | None,
        decide: Callable[..., Referral],
    ) -> Response:
        """Validate the body (if the decision takes one), then call the service with the
        validated fields as its keyword arguments: the service enforces the transition."""
        referral = self.get_object()
        values: dict[str, Any] = {}
        if incoming_class is not None:
            incoming = incoming_class(data=request.data)
            incoming.is_valid(raise_exception=True)
            values = dict(incoming.validated_data)
        referral = decide(acting_user=request.user, referral=referral, **values)
        return self._answer(referral)

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, id: str) -> Response:
        return self._decide(request, None, services.referral_start_review)

    @extend_schema(request=AcceptSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, id: str) -> Response:
        return self._decide(request, AcceptSerializer, services.referral_accept)

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, id: str) -> Response:
        return self._decide(request, ReasonSerializer, services.referral_decline)

    @extend_schema(request=RedirectSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def redirect(self, request: Request, id: str) -> Response:
        return self._decide(request, RedirectSerializer, services.referral_redirect)

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, id: str) -> Response:
        return self._decide(request, ReasonSerializer, services.referral_withdraw)
