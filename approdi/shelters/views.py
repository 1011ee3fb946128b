"""Pages of residential capacity: the bed board (and holding a bed from it), structures,
beds, placements, the capacity table and occupancy. Thin: a role gate, a selector, a
service, a template.
"""

import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core.permissions import role_required
from approdi.core.scoping import visible_to
from approdi.people.models import Person

from . import selectors, services
from .forms import (
    BedForm,
    BoardFilterForm,
    DateForm,
    MonthForm,
    OutageForm,
    PlaceForm,
    PlacementEndForm,
    PlacementMoveForm,
    StructureForm,
)
from .models import Bed, Placement, Structure


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- the bed board ---------------------------------------------------------------------


@role_required(selectors.BOARD_ROLES)
def bed_board(request: HttpRequest) -> HttpResponse:
    """Free beds on a night, across the network, with a form to hold one on each bed."""
    user = _user(request)
    filters = BoardFilterForm(request.GET or None)
    night = filters.night()
    criteria: dict[str, Any] = {}
    if filters.is_valid():
        criteria = {k: v for k, v in filters.cleaned_data.items() if k != "date" and v}
    rows = selectors.bed_board(user=user, on=night, **criteria)
    return render(
        request,
        "shelters/bed_board.html",
        {
            "filters": filters,
            "night": night,
            "rows": rows,
            "free": sum(row.free for row in rows),
            "place_form": PlaceForm(initial={"start": night}),
        },
    )


@require_POST
@role_required(selectors.BOARD_ROLES)
def bed_place(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Hold a bed for a person. A bed taken a moment ago answers 409 with alternatives."""
    user = _user(request)
    bed = selectors.bed_get(user=user, uuid=uuid)
    form = PlaceForm(request.POST)
    context: dict[str, Any] = {"bed": bed, "form": form, "alternatives": [], "taken": False}
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        person = visible_to(user, Person).filter(code=data["person_code"].strip()).first()
        if person is None:
            form.add_error("person_code", _("No person with this code among yours."))
        else:
            try:
                placement = services.placement_create(
                    acting_user=user,
                    person=person,
                    bed=bed,
                    start=data["start"],
                    end=data["end"],
                    phase=data["phase"],
                )
            except services.BedTakenError as exc:
                context.update(taken=True, alternatives=exc.alternatives)
                status = 409
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Bed %(bed)s of %(structure)s held for %(code)s.")
                    % {"bed": bed.label, "structure": bed.structure.name, "code": person.code},
                )
                return HttpResponseRedirect(
                    reverse("shelters:placement_detail", args=[placement.uuid])
                )
    if form.errors:
        status = 400
    return render(request, "shelters/place.html", context, status=status)


# --- structures and beds -----------------------------------------------------------------


@role_required(selectors.BOARD_ROLES)
def structure_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.structure_list(user=user), 50).get_page(request.GET.get("page"))
    selectors.label_structures(page.object_list)
    return render(
        request,
        "shelters/structure_list.html",
        {"page": page, "may_create": has_role(user, selectors.MANAGER_ROLES)},
    )


def _manageable_organisations(user: User) -> QuerySet[Organisation] | None:
    """The organisation choice: the coordinator picks one; a manager has only its own."""
    if has_role(user, Role.COORDINATOR):
        return Organisation.objects.filter(active=True).order_by("name")
    return None


@role_required(selectors.MANAGER_ROLES)
def structure_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisations = _manageable_organisations(user)
    form = StructureForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation", None) or user.organisation
        if organisation is None:
            raise Http404
        try:
            structure = services.structure_create(
                acting_user=user, organisation=organisation, **data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Structure saved."))
            return HttpResponseRedirect(reverse("shelters:structure_detail", args=[structure.uuid]))
    return render(
        request, "shelters/structure_form.html", {"form": form, "structure": None}, status=200
    )


def _managed_structure(user: User, uuid: UUID) -> Structure:
    structure = selectors.structure_get(user=user, uuid=uuid)
    if not selectors.may_manage_structures_of(user, structure.organisation_id):
        raise Http404
    return structure


@role_required(selectors.MANAGER_ROLES)
def structure_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    structure = _managed_structure(user, uuid)
    initial = {n: getattr(structure, n) for n in services.STRUCTURE_FIELDS}
    form = StructureForm(
        request.POST or None,
        initial=initial,
        current={"territory": structure.territory, "kind": structure.kind},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.structure_update(acting_user=user, structure=structure, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Structure saved."))
            return HttpResponseRedirect(reverse("shelters:structure_detail", args=[structure.uuid]))
    return render(request, "shelters/structure_form.html", {"form": form, "structure": structure})


@role_required(selectors.BOARD_ROLES)
def structure_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    structure = selectors.structure_get(user=user, uuid=uuid)
    selectors.label_structures([structure])
    today = timezone.localdate()
    may_manage = selectors.may_manage_structures_of(user, structure.organisation_id)
    bed_form = BedForm(initial={"active_from": today})
    outage_form = OutageForm(initial={"start": today})
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if "label" in request.POST:
            bed_form = BedForm(request.POST)
            if bed_form.is_valid():
                try:
                    services.bed_create(
                        acting_user=user, structure=structure, **bed_form.cleaned_data
                    )
                except ValidationError as exc:
                    _add_errors(bed_form, exc)
                else:
                    messages.success(request, _("Bed added."))
                    return HttpResponseRedirect(request.path)
        else:
            outage_form = OutageForm(request.POST)
            bed = _bed_of(structure, request.POST.get("bed", ""))
            if bed is None:
                outage_form.add_error(None, _("Choose a bed."))
            elif outage_form.is_valid():
                try:
                    services.bed_outage_create(
                        acting_user=user, bed=bed, **outage_form.cleaned_data
                    )
                except ValidationError as exc:
                    _add_errors(outage_form, exc)
                else:
                    messages.success(request, _("Bed marked out of service."))
                    return HttpResponseRedirect(request.path)
    beds = list(structure.beds.prefetch_related("outages").order_by("label"))
    occupied = {
        p.bed_id: p for p in selectors.current_placements(user=user, structure=structure, on=today)
    }
    return render(
        request,
        "shelters/structure_detail.html",
        {
            "structure": structure,
            "show_address": selectors.may_see_address(user, structure),
            "may_manage": may_manage,
            "beds": [(bed, occupied.get(bed.pk)) for bed in beds],
            "bed_form": bed_form,
            "outage_form": outage_form,
            "today": today,
        },
    )


def _bed_of(structure: Structure, raw: str) -> Bed | None:
    try:
        return structure.beds.filter(uuid=UUID(raw)).first()
    except ValueError:
        return None


# --- placements ----------------------------------------------------------------------------


@role_required(selectors.BOARD_ROLES)
def placement_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    placements = selectors.placement_list(user=user)
    if request.GET.get("current"):
        today = timezone.localdate()
        placements = placements.filter(selectors.overlaps_q(today, today + selectors.ONE_DAY))
    page = Paginator(placements, 50).get_page(request.GET.get("page"))
    return render(request, "shelters/placement_list.html", {"page": page})


@role_required(selectors.BOARD_ROLES)
def placement_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    placement = selectors.placement_get(user=user, uuid=uuid)
    today = timezone.localdate()
    end_form = PlacementEndForm(initial={"end": today})
    free = selectors.free_beds(user=user, start=today, end=None, gender=placement.person.gender)[
        :200
    ]
    move_form = PlacementMoveForm(beds=free, initial={"on": today, "phase": placement.phase})
    taken: list[Any] = []
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "end":
                end_form = PlacementEndForm(request.POST)
                if end_form.is_valid():
                    services.placement_end(
                        acting_user=user, placement=placement, **end_form.cleaned_data
                    )
                    messages.success(request, _("Placement ended."))
                    return HttpResponseRedirect(request.path)
            else:
                move_form = PlacementMoveForm(request.POST, beds=free)
                if move_form.is_valid():
                    bed = selectors.bed_get(user=user, uuid=move_form.cleaned_data["bed"])
                    new = services.placement_move(
                        acting_user=user,
                        placement=placement,
                        bed=bed,
                        on=move_form.cleaned_data["on"],
                        phase=move_form.cleaned_data["phase"],
                    )
                    messages.success(request, _("Moved."))
                    return HttpResponseRedirect(
                        reverse("shelters:placement_detail", args=[new.uuid])
                    )
        except services.BedTakenError as exc:
            taken = exc.alternatives
            move_form.add_error("bed", _("This bed has just been taken."))
            status = 409
        except ValidationError as exc:
            _add_errors(end_form if request.POST.get("action") == "end" else move_form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        if status == 200:
            status = 400
    history = _history(placement)
    return render(
        request,
        "shelters/placement_detail.html",
        {
            "placement": placement,
            "history": history,
            "end_form": end_form,
            "move_form": move_form,
            "alternatives": taken,
            "visible_person": visible_to(user, Person).filter(pk=placement.person_id).exists(),
        },
        status=status,
    )


def _history(placement: Placement) -> list[Placement]:
    """The chain of moves this placement belongs to, oldest first."""
    chain = [placement]
    current = placement
    while current.moved_from_id is not None and len(chain) < 100:
        current = Placement.objects.select_related("bed__structure").get(pk=current.moved_from_id)
        chain.insert(0, current)
    current = placement
    while len(chain) < 100:
        following = (
            Placement.objects.select_related("bed__structure").filter(moved_from=current).first()
        )
        if following is None:
            break
        chain.append(following)
        current = following
    return chain


# --- figures ---------------------------------------------------------------------------


@role_required(selectors.REPORT_ROLES)
def capacity(request: HttpRequest) -> HttpResponse:
    form = DateForm(request.GET or None)
    on = (form.is_valid() and form.cleaned_data["date"]) or timezone.localdate()
    rows, total = selectors.capacity_table(on=on)
    return render(
        request,
        "shelters/capacity.html",
        {"form": form, "on": on, "rows": rows, "total": total},
    )


@role_required(selectors.REPORT_ROLES)
def occupancy(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    year, month = (form.is_valid() and form.cleaned_data["month"]) or (today.year, today.month)
    structures, kinds, total = selectors.occupancy(year=year, month=month)
    first, following = selectors.month_bounds(year, month)
    stays = selectors.length_of_stay(start=datetime.date(first.year, 1, 1), end=following)
    return render(
        request,
        "shelters/occupancy.html",
        {
            "form": form,
            "month": first,
            "structures": structures if has_role(user, selectors.BOARD_ROLES) else [],
            "kinds": kinds,
            "total": total,
            "stays": stays,
            "stay_from": datetime.date(first.year, 1, 1),
            "stay_to": following - selectors.ONE_DAY,
            "suppress_below": 5 if not has_role(user, selectors.BOARD_ROLES) else 0,
        },
    )
