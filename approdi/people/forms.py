import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from approdi.accounts.models import Organisation, User
from approdi.core.scoping import visible_to

from . import selectors, services
from .choices import Gender
from .models import Person
from .selectors import DuplicateCandidate

EARLIEST_BIRTH_YEAR = 1900


class IdentityRevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Why you need to see this identity. It is written in the access log."),
    )

    def __init__(self, *args: object, reason_required: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reason"].required = reason_required


def _validate_country(value: str) -> None:
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise ValidationError(
            _("Two letters of the country code (ISO 3166-1), e.g. NG."), code="country"
        )


class NationalityField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("validators", [_validate_country])
        kwargs.setdefault("help_text", _("Two letters, e.g. NG, RO, AL."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()


class PersonIntakeForm(forms.Form):
    """Who the person is, and, when the same person may already be recorded, the user's
    decision: one of the people found, or a new person confirmed.

    Embed it in another form (pass a `prefix`), render
    `people/includes/person_intake.html` with `form=`, and call `resolve()` once valid:
    it returns the person (found or created) or None, the form then holding the
    candidates and the message to show.
    """

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    nationality = NationalityField(label=_("Nationality"))
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    aliases = forms.CharField(label=_("Aliases"), required=False, max_length=500)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    document_numbers = forms.CharField(label=_("Document numbers"), required=False, max_length=500)
    existing = forms.UUIDField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(
        label=pgettext_lazy("person intake", "None of these: it is a new person"),
        required=False,
    )

    IDENTITY = ("given_names", "family_name", "aliases", "birth_date", "phone", "document_numbers")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.candidates: list[DuplicateCandidate] = []
        self.created = False
        self.flagged = False
        if selectors.may_merge_people(user):
            self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                active=True
            ).order_by("name")
        else:
            del self.fields["organisation"]

    @property
    def visible_candidates(self) -> list[DuplicateCandidate]:
        return [c for c in self.candidates if c.in_scope]

    @property
    def has_hidden_candidates(self) -> bool:
        return any(not c.in_scope for c in self.candidates)

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("birth_year")
        if year is not None and not EARLIEST_BIRTH_YEAR <= year <= timezone.localdate().year:
            raise ValidationError(_("Enter a year between 1900 and this year."))
        return year

    def clean_birth_date(self) -> datetime.date | None:
        date: datetime.date | None = self.cleaned_data.get("birth_date")
        if date is not None and date > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        return date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date, year = data.get("birth_date"), data.get("birth_year")
        if date is not None:
            if year is not None and year != date.year:
                self.add_error("birth_year", _("The year of birth differs from the date of birth."))
            else:
                data["birth_year"] = date.year
        return data

    def organisation_chosen(self) -> Organisation | None:
        if "organisation" in self.fields:
            chosen: Organisation | None = self.cleaned_data.get("organisation")
            return chosen
        return self.user.organisation

    def resolve(self, request: HttpRequest | None = None) -> Person | None:
        """The person (picked or created), or None with the form's errors and candidates."""
        data = self.cleaned_data
        organisation = self.organisation_chosen()
        if organisation is None:
            raise PermissionDenied
        existing = None
        if data.get("existing"):
            existing = Person.objects.filter(uuid=data["existing"]).first()
            if existing is None:
                self.add_error(None, _("Choose one of the people listed."))
                return None
        identity = {name: data[name] for name in self.IDENTITY if data.get(name) not in (None, "")}
        try:
            person = services.person_resolve_or_create(
                acting_user=self.user,
                organisation=organisation,
                gender=data["gender"],
                birth_year=data.get("birth_year"),
                nationality=data.get("nationality", ""),
                identity=identity,
                existing=existing,
                confirm_new=bool(data.get("confirm_new")),
            )
        except services.DuplicateDecisionNeeded as decision:
            services.person_lookup_log(acting_user=self.user, decision=decision, request=request)
            self.candidates = decision.candidates
            self.add_error(
                None,
                _(
                    "This person may already be recorded: use one of the people listed, or "
                    "confirm that it is a new person."
                ),
            )
            return None
        except services.LookupThrottled as throttled:
            services.person_lookup_throttled_log(
                acting_user=self.user, throttled=throttled, request=request
            )
            self.add_error(None, str(throttled))
            return None
        except ValidationError as error:
            self.add_error(None, error.messages)
            return None
        self.created = existing is None
        self.flagged = self.created and selectors.person_flagged_for_review(person)
        return person


def _person_by_code(user: User, code: str) -> Person:
    person = (
        visible_to(user, Person)
        .filter(code__iexact=code.strip(), merged_into__isnull=True)
        .select_related("organisation")
        .first()
    )
    if person is None:
        raise ValidationError(_("No active person has this code."))
    return person


class PersonMergeForm(forms.Form):
    """Two codes, a reason, and a confirmation given after seeing both records."""

    kept = forms.CharField(
        label=_("Code of the person kept"),
        max_length=32,
        help_text=_("This record stays; the other's records move to it."),
    )
    merged = forms.CharField(
        label=_("Code of the person merged into it"),
        max_length=32,
        help_text=_("This record is kept with its history, hidden from lists."),
    )
    reason = forms.CharField(
        label=pgettext_lazy("merge", "Reason for the merge"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("I have checked: these two records are the same person"), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_kept(self) -> Person:
        return _person_by_code(self.user, self.cleaned_data["kept"])

    def clean_merged(self) -> Person:
        return _person_by_code(self.user, self.cleaned_data["merged"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kept, merged = data.get("kept"), data.get("merged")
        if kept is not None and merged is not None and kept.pk == merged.pk:
            self.add_error("merged", _("Choose two different people."))
        return data
