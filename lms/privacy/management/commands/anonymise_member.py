from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lms.privacy.selectors import member_record_counts, members_matching
from lms.privacy.services import member_anonymise


class Command(BaseCommand):
    help = (
        "Erase a member's identifying data on their request (name, phone, email, CCCD, date of "
        "birth; the linked account is disabled), keeping attendance and certificate rows so "
        "statistics do not change. Irreversible."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--phone", help="Phone number, any common spelling.")
        which.add_argument("--cccd", help="Citizen ID (12 digits).")
        which.add_argument("--id", type=int, dest="member_id", help="Member id.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )

    def handle(self, *args, phone=None, cccd=None, member_id=None, yes=False, **options):
        members = list(members_matching(phone=phone, cccd=cccd, member_id=member_id)[:2])
        if not members:
            raise CommandError("No member matches.")
        if len(members) > 1:
            raise CommandError("More than one member matches; use --id.")
        member = members[0]
        if member.anonymised_at:
            raise CommandError(f"Member #{member.pk} was already anonymised.")
        counts = member_record_counts(member)
        self.stdout.write(f"Member #{member.pk}, {member.ward.name}. Rows kept:")
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
        if not yes:
            answer = input("Erase this person's identifying data for good? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Cancelled; nothing was changed.")
        try:
            member_anonymise(member=member, by=None, via="command")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Member #{member.pk} anonymised."))
