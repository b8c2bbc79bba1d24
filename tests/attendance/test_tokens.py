import datetime

import pytest
from django.core import signing
from django.utils import timezone

from courses.attendance import tokens
from tests.factories.attendance import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def at(seconds):
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


class TokenTests:
    def test_token_valid_in_its_window_and_the_next(self):
        session = TrainingSessionFactory(qr_rotation_seconds=30)
        start = 1_800_000_000  # a window boundary (divisible by 30)
        token = tokens.token_make(session, at(start))
        tokens.token_check(session, token, at(start + 29))
        tokens.token_check(session, token, at(start + 59))

    def test_token_from_older_window_is_refused_as_expired(self):
        session = TrainingSessionFactory(qr_rotation_seconds=30)
        start = 1_800_000_000
        token = tokens.token_make(session, at(start))
        with pytest.raises(tokens.TokenError) as error:
            tokens.token_check(session, token, at(start + 60))
        assert error.value.code == tokens.EXPIRED
        assert "hết hạn" in str(error.value.message)

    def test_rotation_changes_token_and_code(self):
        session = TrainingSessionFactory(qr_rotation_seconds=30)
        start = 1_800_000_000
        assert tokens.token_make(session, at(start)) == tokens.token_make(session, at(start + 29))
        assert tokens.token_make(session, at(start)) != tokens.token_make(session, at(start + 30))
        codes = {tokens.code_make(session, at(start + 30 * i)) for i in range(20)}
        assert len(codes) > 15
        assert all(len(c) == 6 and c.isdigit() for c in codes)

    def test_rotation_period_is_configurable(self):
        session = TrainingSessionFactory(qr_rotation_seconds=60)
        start = 1_800_000_000 - 1_800_000_000 % 60
        token = tokens.token_make(session, at(start))
        tokens.token_check(session, token, at(start + 119))
        with pytest.raises(tokens.TokenError):
            tokens.token_check(session, token, at(start + 120))

    def test_tampered_future_and_foreign_tokens_are_invalid(self):
        session = TrainingSessionFactory()
        other = TrainingSessionFactory()
        now = timezone.now()
        token = tokens.token_make(session, now)
        pk, window, mac = token.split("-")
        forged_window = f"{pk}-{int(window) + 1}-{mac}"
        cases = [
            token[:-1] + ("0" if token[-1] != "0" else "1"),
            forged_window,
            tokens.token_make(other, now),
            tokens.token_make(session, now + datetime.timedelta(minutes=5)),
            "rác",
        ]
        for bad in cases:
            with pytest.raises(tokens.TokenError) as error:
                tokens.token_check(session, bad, now)
            assert error.value.code == tokens.INVALID, bad

    def test_secret_is_per_session(self):
        a, b = TrainingSessionFactory(), TrainingSessionFactory()
        assert a.secret != b.secret
        assert tokens.code_make(a, at(1_800_000_000)) != tokens.code_make(b, at(1_800_000_000))

    def test_code_accepted_for_two_windows_only(self):
        session = TrainingSessionFactory(qr_rotation_seconds=30)
        start = 1_800_000_000
        code = tokens.code_make(session, at(start))
        assert tokens.code_matches(session, code, at(start + 10))
        assert tokens.code_matches(session, code, at(start + 40))
        assert not tokens.code_matches(session, code, at(start + 60))
        assert not tokens.code_matches(session, "12345", at(start))

    def test_pass_expires_and_is_bound_to_its_session(self, monkeypatch):
        session, other = TrainingSessionFactory(), TrainingSessionFactory()
        value = tokens.pass_make(session)
        tokens.pass_check(session, value)
        with pytest.raises(tokens.TokenError):
            tokens.pass_check(other, value)
        signer = signing.TimestampSigner(salt=tokens._PASS_SALT)
        monkeypatch.setattr(signer.__class__, "timestamp", lambda self: "1")
        old = signer.sign(str(session.pk))
        monkeypatch.undo()
        with pytest.raises(tokens.TokenError) as error:
            tokens.pass_check(session, old)
        assert error.value.code == tokens.EXPIRED
