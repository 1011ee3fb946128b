"""REST resources of identification: assessments (list, read, create with answers) and
the indicator catalogue in use (read-only). Assessments follow the person's scope; an
assessment of someone outside it, or answers to unknown indicators, are a 400 and
nothing is saved. Evidence notes and free-text notes are write-only.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError

from approdi.api.views import HasCaseRole, ScopedReadOnlyViewSet
from approdi.core.scoping import visible_to
from approdi.people.models import Person
from approdi.referrals.models import Referral

from . import selectors, services
from .choices import Answer
from .models import Assessment, AssessmentAnswer, Indicator


class AnswerSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=64)
    answer = serializers.ChoiceField(choices=Answer.choices)
    evidence = serializers.CharField(write_only=True, required=False, allow_blank=True)


class AnswersField(serializers.ListField):
    def get_attribute(self, instance: Assessment) -> list[dict[str, str]]:
        return [{"indicator": a.indicator.code, "answer": a.answer} for a in instance.answers.all()]


class AssessmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = serializers.CharField(max_length=32, help_text="The person's code.")
    referral = serializers.UUIDField(required=False, allow_null=True)
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    interviewer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    rule_version = serializers.IntegerField(source="rule_version.number", read_only=True)
    answers = AnswersField(child=AnswerSerializer(), required=False, default=list)
    exploitation_forms = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list
    )
    presumed_offences = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list
    )
    vulnerabilities = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list
    )
    notes = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "person",
            "referral",
            "organisation",
            "assessed_on",
            "kind",
            "interviewer",
            "mediator",
            "language",
            "minor",
            "age_assessment_pending",
            "exploitation_forms",
            "labour_sector",
            "presumed_offences",
            "vulnerabilities",
            "danger_flag",
            "art18_violence_or_serious_exploitation",
            "art18_concrete_danger",
            "art18_voluntary_adherence",
            "answers",
            "rule_version",
            "computed_result",
            "triage_score",
            "computed_detail",
            "conclusion",
            "notes",
        ]
        read_only_fields = ["computed_result", "triage_score", "computed_detail"]

    def to_representation(self, instance: Assessment) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["person"] = instance.person.code
        data["referral"] = str(instance.referral.uuid) if instance.referral else None
        return data


class IndicatorSerializer(serializers.ModelSerializer):
    dimension = serializers.IntegerField(source="dimension.number", read_only=True)
    dimension_code = serializers.CharField(source="dimension.code", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "dimension",
            "dimension_code",
            "label_en",
            "label_it",
            "labour_strength",
            "sexual_strength",
            "version",
        ]
        read_only_fields = fields


class AssessmentViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    model = Assessment
    serializer_class = AssessmentSerializer
    permission_classes = [HasCaseRole]
    filterset_fields = ["kind", "conclusion", "computed_result"]

    def get_queryset(self) -> QuerySet[Assessment]:
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return (
            selectors.assessment_list(user=self.request.user)  # type: ignore[arg-type]
            .prefetch_related(
                Prefetch("answers", queryset=AssessmentAnswer.objects.select_related("indicator"))
            )
            .order_by("-assessed_on", "-created_at")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Assessment]) -> None:
        user = self.request.user
        data: dict[str, Any] = serializer.validated_data
        person = visible_to(user, Person).filter(code=data["person"].strip()).first()
        if person is None:
            raise ValidationError({"person": [services.person_not_found_message()]})
        referral = None
        if data.get("referral"):
            referral = visible_to(user, Referral).filter(uuid=data["referral"]).first()
            if referral is None:
                raise ValidationError({"referral": [services.referral_not_found_message()]})
        answers: dict[str, Any] = {}
        for item in data.get("answers", []):
            answers[item["indicator"]] = {
                "answer": item["answer"],
                "evidence": item.get("evidence", ""),
            }
        serializer.instance = services.assessment_create(
            acting_user=user,  # type: ignore[arg-type]
            person=person,
            referral=referral,
            assessed_on=data["assessed_on"],
            kind=data["kind"],
            conclusion=data["conclusion"],
            answers=answers,
            exploitation_forms=data.get("exploitation_forms", []),
            minor=data.get("minor", False),
            age_assessment_pending=data.get("age_assessment_pending", False),
            interviewer=user,  # type: ignore[arg-type]
            mediator=data.get("mediator", ""),
            language=data.get("language", ""),
            labour_sector=data.get("labour_sector", ""),
            presumed_offences=data.get("presumed_offences", []),
            vulnerabilities=data.get("vulnerabilities", []),
            danger_flag=data.get("danger_flag", False),
            art18_violence_or_serious_exploitation=data.get(
                "art18_violence_or_serious_exploitation", False
            ),
            art18_concrete_danger=data.get("art18_concrete_danger", False),
            art18_voluntary_adherence=data.get("art18_voluntary_adherence", False),
            notes=data.get("notes", ""),
        )


class IndicatorViewSet(ScopedReadOnlyViewSet):
    """The indicator catalogue in use, read-only."""

    model = Indicator
    serializer_class = IndicatorSerializer
    permission_classes = [HasCaseRole]
    lookup_field = "code"
    lookup_url_kwarg = "code"
    pagination_class = None

    def get_queryset(self) -> QuerySet[Indicator]:
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        return selectors.indicator_list(user=self.request.user).select_related("version")  # type: ignore[arg-type]
