"""Model fields that store Vietnamese text NFC-normalised and trimmed, whatever path writes it."""

from django.db import models

from lms.core.text import normalize_text


class NormalizedTextMixin:
    # pre_save runs for save(), create() and bulk_create(), so no write path can skip it.
    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is not None:
            value = normalize_text(value) if not self.keep_newlines else _normalize_lines(value)
            setattr(model_instance, self.attname, value)
        return value

    keep_newlines = False


def _normalize_lines(value):
    return "\n".join(normalize_text(line) for line in str(value).splitlines()).strip()


class NFCCharField(NormalizedTextMixin, models.CharField):
    pass


class NFCTextField(NormalizedTextMixin, models.TextField):
    keep_newlines = True
