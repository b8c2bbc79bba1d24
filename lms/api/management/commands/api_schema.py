import json
from pathlib import Path

from django.core.management.base import BaseCommand

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "openapi.json"


def schema_text():
    """The OpenAPI schema as committed: sorted keys, two-space indent, a final newline."""
    from lms.api.api import api

    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema to lms/api/openapi.json (or --check it is current)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the copy differs.")

    def handle(self, *args, check=False, **options):
        text = schema_text()
        if check:
            if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != text:
                from django.core.management.base import CommandError

                raise CommandError(
                    f"{SCHEMA_PATH} is out of date: run `make api-schema` and commit the diff."
                )
            self.stdout.write("OpenAPI schema is current.")
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH}.")
