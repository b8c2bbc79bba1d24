"""A listing paginator that never counts a whole national table exactly.

Wagtail's ``IndexView`` pages its listing with ``paginator_class`` (``WagtailPaginator``), whose
``count`` is an exact ``SELECT COUNT(*)``: on 370,000 members that read the whole table on
every page of the member list, for a figure nobody needs to the unit. This paginator counts
at most ``EXACT_UP_TO + 1`` rows (``SELECT COUNT(*) FROM (... LIMIT 10001)``, which stops early
on an index or a scan), so any filtered list of up to 10,000 rows shows its exact size; above
that, on PostgreSQL, it takes the planner's estimate of the same query (``EXPLAIN``, which reads
``reltuples`` for the whole table) and shows it rounded, as "khoảng 370.000". SQLite has no
estimate: there it counts (development data sets are small).
"""

import json
import math

from django.db import connections
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.paginator import WagtailPaginator

EXACT_UP_TO = 10_000


def rounded(n, digits=2):
    """``n`` to ``digits`` significant figures (370,215 -> 370,000), never below 1,000s."""
    if n < 1000:
        return n
    scale = 10 ** max(3, int(math.log10(n)) + 1 - digits)
    return int(round(n / scale) * scale)


def planner_rows(queryset):
    """The PostgreSQL planner's estimate of the rows ``queryset`` returns, or None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class BoundedCountPaginator(WagtailPaginator):
    exact_up_to = EXACT_UP_TO

    @cached_property
    def bounded_count(self):
        """The exact number of rows, or ``exact_up_to + 1`` when there are more."""
        object_list = self.object_list
        if not hasattr(object_list, "query"):
            return len(object_list)
        return object_list.order_by().values("pk")[: self.exact_up_to + 1].count()

    @cached_property
    def is_estimate(self):
        return self.bounded_count > self.exact_up_to and self._estimate is not None

    @cached_property
    def _estimate(self):
        estimate = planner_rows(self.object_list)
        if estimate is None:
            return None
        return rounded(max(estimate, self.exact_up_to + 1))

    @cached_property
    def count(self):
        if self.bounded_count <= self.exact_up_to:
            return self.bounded_count
        if self._estimate is not None:
            return self._estimate
        return self.object_list.count()  # SQLite: no estimate to show

    @cached_property
    def items_count_label(self):
        if not self.is_estimate:
            return super().items_count_label
        return _("khoảng %(count)s %(name)s") % {
            "count": number_format(self.count, force_grouping=True),
            "name": self.verbose_name_plural,
        }
