"""Schemathesis against the OpenAPI spec: generated requests to every operation (POST with the
token, so the ingest flow runs too) must never get a 5xx, and 2xx answers must match the spec.

The schema is loaded inside the test (schemathesis' pytest fixture loader does not run on this
pytest), and each operation's strategy is driven by hypothesis directly."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from serve_support import TOKEN, copy_db, demo_db_master  # noqa: F401  (fixture)

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

pytestmark = pytest.mark.slow
EXAMPLES = 25


@pytest.fixture(scope="module")
def api_schema(demo_db_master, tmp_path_factory):  # noqa: F811
    from tradewire.serve import create_app

    app = create_app(copy_db(demo_db_master, tmp_path_factory.mktemp("schema")), token=TOKEN, max_body=200_000)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_server_errors_on_any_operation(api_schema):
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 15
    tried = []
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def run(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                                   checks=[not_a_server_error, response_schema_conformance])

        run()
        tried.append(f"{op.method.upper()} {op.path}")
    assert "POST /api/v1/articles" in tried
