"""Training sessions as aggregates: per session, how many were invited, present, late,
excused, absent (the counts of the attendance screens, ``sessions_with_counts``); no names."""

from django.db.models import Q
from django.http import Http404
from ninja import Query, Router

from courses.attendance.models import TrainingSession
from courses.attendance.selectors import sessions_in_scope, sessions_with_counts
from lms.accounts.scoping import Scope
from lms.reports.filters import ReportFilterSet
from lms.reports.selectors import _period_bounds
from lms.reports.views import BadFilters

from ..params import (
    PAGE_PARAMETERS,
    PageParams,
    filter_names,
    filters_schema,
    paginate,
    reject_unknown,
)
from ..schemas import Problem, SessionPage

router = Router(tags=["Tập huấn"])

SESSION_FILTERS = tuple(name for name in filter_names(ReportFilterSet) if name != "team_level")
SessionFilters = filters_schema("SessionFilters", ReportFilterSet, exclude=("team_level",))


class SessionParams(PageParams, SessionFilters):
    pass


def sessions_for(request):
    """The sessions (without their counts) of the unit and period asked for, validated by the
    reports' FilterSet and chosen like the attendance report's session list (organised there or
    inviting it)."""
    filters = ReportFilterSet(request.GET, request=request)
    if filters.out_of_scope():
        raise Http404
    errors = filters.bad_parameters()
    if errors:
        raise BadFilters(errors)
    params = filters.params()
    if params.province_id:
        scope = Scope(province_id=params.province_id, ward_id=params.ward_id)
    else:
        scope = params.scope
    start, end = _period_bounds(params.period)
    condition = Q(starts_at__gte=start, starts_at__lt=end)
    if params.course_id:
        condition &= Q(course_id=params.course_id)
    if params.topic_id:
        condition &= Q(course__topics=params.topic_id)
    return sessions_in_scope(scope).filter(condition).order_by("-starts_at", "-pk")


@router.get(
    "/sessions",
    response={
        200: SessionPage,
        400: Problem,
        401: Problem,
        403: Problem,
        404: Problem,
        429: Problem,
    },
    summary="Buổi tập huấn",
    description="Các buổi tập huấn trong kỳ, mới nhất trước, với số lượt mời và tham dự.",
    operation_id="training_sessions",
)
def sessions(request, params: Query[SessionParams]):
    reject_unknown(request, (*SESSION_FILTERS, *PAGE_PARAMETERS))
    page, info = paginate(request, sessions_for(request), params.page, params.page_size)
    # The counts for this page only: counting them for every session of the period first (to
    # number the pages) would cost seconds nationally.
    rows = sessions_with_counts(
        TrainingSession.objects.filter(pk__in=[s.pk for s in page]).select_related(
            "organiser_province", "organiser_ward"
        )
    ).order_by("-starts_at", "-pk")
    results = [
        {
            "id": s.pk,
            "title": s.title,
            "course_id": s.course_id,
            "starts_at": s.starts_at,
            "organiser_province": s.organiser_province.code if s.organiser_province else None,
            "organiser_ward": s.organiser_ward.code if s.organiser_ward else None,
            "invited": s.n_invited,
            "present": s.n_present,
            "late": s.n_late,
            "excused": s.n_excused,
            "absent": s.n_absent,
            "attended": s.n_attended,
        }
        for s in rows
    ]
    return {**info, "results": results}
