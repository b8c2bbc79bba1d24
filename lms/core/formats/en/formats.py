# Same day-first dates in English, so a form filled in either language reads the same; only the
# number separators are English.
from lms.core.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
