from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from lms.api.services import api_token_create


class Command(BaseCommand):
    help = (
        "Make a personal API token for a user (by phone number or e-mail) and print it once: "
        "only its hash is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The owner's phone number or e-mail.")
        parser.add_argument("--name", required=True, help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Expire after N days.")

    def handle(self, *args, user, name, days, **options):
        ident = user.strip()
        if not ident:
            raise CommandError("--user is empty.")
        users = get_user_model().objects.filter(
            Q(phone=ident) | Q(username=ident) | Q(email__iexact=ident)
        )
        found = list(users[:2])
        if not found:
            raise CommandError(f"No user with phone or e-mail {ident!r}.")
        if len(found) > 1:
            raise CommandError(f"More than one user matches {ident!r}; use the phone number.")
        try:
            token, raw = api_token_create(owner=found[0], name=name, days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        expiry = f"{token.expires_at:%d/%m/%Y %H:%M} UTC" if token.expires_at else "never"
        self.stderr.write(f"Token {token.name!r} for {found[0]} (expires: {expiry}).")
        self.stderr.write("Copy it now: it is not stored and will not be shown again.")
        self.stdout.write(raw)
