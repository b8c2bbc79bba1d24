from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...keys import jwks, key_file_create, kid_for, load_key


class Command(BaseCommand):
    help = (
        "Credential signing keys (Ed25519). `generate PATH` writes a new private key (mode "
        "0600); `show` prints the published JWKS and which key signs now."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "show"])
        parser.add_argument("path", nargs="?", help="where to write the new key (generate)")

    def handle(self, *args, action, path=None, **options):
        if action == "generate":
            if not path:
                raise CommandError("Give the path of the key file to create.")
            target = Path(path)
            if not key_file_create(target):
                raise CommandError(f"{target} already exists; it was left unchanged.")
            self.stdout.write(f"{target}: kid {kid_for(load_key(target))}")
            self.stdout.write(
                "Set LMS_CREDENTIAL_KEY_FILE to this path; list the previous key file in "
                "LMS_CREDENTIAL_RETIRED_KEY_FILES so credentials it signed still verify."
            )
            return
        import json

        document = jwks()
        self.stdout.write(f"active kid: {document['keys'][0]['kid']}")
        self.stdout.write(json.dumps(document, indent=2))
