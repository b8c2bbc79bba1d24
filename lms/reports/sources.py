"""The status values the reports aggregate.

The reports are the top layer and import teams, courses, attendance and certificates directly;
this module keeps in one place which status values the figures are built on ("attended" is present or late, as for course completion; "certified" is a stored
valid certificate), so the ORM selectors, the coverage rows and the hand-written SQL agree.
"""

from certificates.choices import CertificateStatus
from courses.attendance.choices import ATTENDED

# Plain strings: they are also bound as parameters of raw SQL (``coverage_sql``, benchmarks).
ATTENDED_STATUSES = tuple(status.value for status in ATTENDED)
CERTIFICATE_VALID = CertificateStatus.VALID.value
