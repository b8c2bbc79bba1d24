"""The API's contract: the schema served is the committed copy, the docs page is served from
the site's own static files under the site's CSP, and a schema-based fuzzer finds no 5xx."""

import json
import sys
import time

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from lms.api.management.commands.api_schema import SCHEMA_PATH, schema_text

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = 250
FUZZ_SECONDS = 60


def test_schema_matches_the_committed_copy(client):
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert schema_text() == committed, "run `make api-schema` and commit lms/api/openapi.json"
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(committed)


def test_schema_documents_every_filter_of_the_screens():
    from lms.api.params import filter_names
    from lms.reports.views import REPORTS

    paths = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["paths"]
    for kind, (_selector, filterset_class) in REPORTS.items():
        names = {p["name"] for p in paths[f"/api/v1/reports/{kind}"]["get"]["parameters"]}
        assert names == set(filter_names(filterset_class)), kind
        assert paths[f"/api/v1/reports/{kind}"]["get"]["responses"]["400"]


def test_docs_page_uses_local_static_files_and_the_site_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    # Every <script> runs from a file: the only inline one is a JSON data block.
    assert html.count("<script>") == 0
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        asset = client.get(f"/static/ninja/{name}")
        assert asset.status_code == 200, name
        b"".join(asset.streaming_content) if asset.streaming else asset.content


def wsgi_app_keeping_connection():
    """Django's WSGI application as a server runs it, except that, like Django's test client,
    it leaves the test's database connection open (``close_old_connections`` would close it
    at each request's start and end, and with it the test transaction on PostgreSQL)."""
    handler = get_wsgi_application()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


@override_settings(LMS_API_CALLS_PER_MINUTE=1_000_000)
def test_fuzzer_finds_no_server_error(auth, dataset):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app_keeping_connection())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    strategy = st.one_of(
        [
            op.as_strategy(generation_mode=mode)
            for op in operations
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
    )
    headers = {"Authorization": auth["HTTP_AUTHORIZATION"]}
    seen, started = [], time.monotonic()

    @hypothesis.settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        if time.monotonic() - started > FUZZ_SECONDS:
            return
        response = case.call(headers=headers)
        seen.append(response.status_code)
        assert response.status_code < 500, case.as_curl_command()

    check()
    elapsed = time.monotonic() - started
    sys.stderr.write(f"fuzz: {len(seen)} calls in {elapsed:.1f}s, statuses {sorted(set(seen))}\n")
    assert len(seen) >= 50
    assert {200, 400} <= set(seen)
