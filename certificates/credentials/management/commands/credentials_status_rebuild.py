from django.core.management.base import BaseCommand
from django.db.models import Max

from certificates.models import Certificate

from ...status import status_list_rebuild, status_position


class Command(BaseCommand):
    help = "Rebuild every revocation status list from the certificates (repairs drift)."

    def handle(self, *args, **options):
        last_pk = Certificate.objects.aggregate(last=Max("pk"))["last"] or 0
        last_list = status_position(last_pk)[0]
        for number in range(1, last_list + 1):
            status_list = status_list_rebuild(number=number)
            self.stdout.write(f"list {number}: {status_list.revoked_count} revoked")
