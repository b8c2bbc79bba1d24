"""Fixtures: the fake gateway (``fake_gateway.FakeGateway``) and the real channel backends."""

import datetime

import pytest
from django.utils import timezone

from .fake_gateway import FakeGateway


@pytest.fixture
def gateway():
    fake = FakeGateway()
    yield fake
    fake.close()


@pytest.fixture
def channels(settings, gateway):
    """Real backends: email through locmem, SMS and Zalo to the fake gateway."""
    settings.LMS_REMINDER_CHANNELS = {
        "email": "courses.reminders.channels.email.EmailChannel",
        "sms": "courses.reminders.channels.sms.SmsGatewayChannel",
        "zalo": "courses.reminders.channels.zalo.ZaloOAChannel",
    }
    settings.LMS_SMS_GATEWAY_URL = f"{gateway.url}/sms/send"
    settings.LMS_SMS_GATEWAY_TOKEN = "sms-secret"
    settings.LMS_ZALO_OA_URL = f"{gateway.url}/zalo/v3.0/oa/message/cs"
    settings.LMS_ZALO_OA_TOKEN = "zalo-secret"
    return gateway


def local(year, month, day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime(year, month, day, hour, minute), timezone.get_default_timezone()
    )


# Monday 30/11/2026 10:00 in Vietnam: outside quiet hours, before the trainers' evening.
NOW = local(2026, 11, 30, 10)
