"""``{% member_certificates member %}``: a member's certificates and an "issue" link, for the
member pages other apps own (the admin member inspect page, say)."""

from django import template

from ..selectors import certificates_of_member

register = template.Library()


@register.inclusion_tag("certificates/includes/member_certificates.html", takes_context=True)
def member_certificates(context, member):
    request = context.get("request")
    user = getattr(request, "user", None)
    can_issue = bool(user and user.has_perm("certificates.add_certificate"))
    return {
        "member": member,
        "certificates": certificates_of_member(member),
        "can_issue": can_issue,
    }
