"""Officers may read the message log of their own area (the listing is scoped); nobody edits it."""

from lms.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.WARD_OFFICER: ["reminders.view_outboundmessage"],
    Role.PROVINCE_OFFICER: ["reminders.view_outboundmessage"],
}
