import datetime

import factory

from lms.core.signals import support_records_changed_send
from teams.support.choices import Place
from teams.support.models import SupportRecord

from .teams import TeamFactory


class SupportRecordFactory(factory.django.DjangoModelFactory):
    """A record straight into the table; tests of the rules go through the services. Like the
    services, it tells the reports which ward-month and team changed."""

    class Meta:
        model = SupportRecord

    team = factory.SubFactory(TeamFactory)
    ward = factory.LazyAttribute(lambda o: o.team.ward)
    hamlet = factory.LazyAttribute(lambda o: o.team.hamlet)
    date = datetime.date(2026, 9, 15)
    month = factory.LazyAttribute(lambda o: o.date.replace(day=1))
    place = Place.HOME
    people = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        record = super()._create(model_class, *args, **kwargs)
        support_records_changed_send(
            sender=SupportRecord,
            ward_months=[(record.ward_id, record.month)],
            team_ids=[record.team_id],
        )
        return record
