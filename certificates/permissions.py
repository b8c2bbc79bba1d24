"""Permissions this app grants to each role's group (see lms.accounts.groups).

Province and ward officers issue, revoke and reissue within their scope (the views and the
bulk job apply the scope); province officers also maintain the templates of their province's
issuing bodies. Administrators are superusers and need no grant. Nobody is granted
``delete_certificate``: certificates are revoked, never deleted, and the admin's generic views
never add, change or delete a certificate or a bulk job
(``lms.accounts.permissions.ReadOnlyPermissionPolicy``).
"""

from lms.accounts.choices import Role

_OFFICER = [
    "certificates.view_certificate",
    "certificates.add_certificate",
    "certificates.change_certificate",
    "certificates.view_bulkissuejob",
    "certificates.add_bulkissuejob",
    "certificates.view_certificatetemplate",
]

ROLE_PERMISSIONS = {
    Role.PROVINCE_OFFICER: [
        *_OFFICER,
        "certificates.add_certificatetemplate",
        "certificates.change_certificatetemplate",
    ],
    Role.WARD_OFFICER: list(_OFFICER),
}
