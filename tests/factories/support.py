import datetime

import factory

from teams.support.choices import Place
from teams.support.models import SupportRecord

from .teams import TeamFactory


class SupportRecordFactory(factory.django.DjangoModelFactory):
    """A record straight into the table; tests of the rules go through the services."""

    class Meta:
        model = SupportRecord

    team = factory.SubFactory(TeamFactory)
    ward = factory.LazyAttribute(lambda o: o.team.ward)
    hamlet = factory.LazyAttribute(lambda o: o.team.hamlet)
    date = datetime.date(2026, 9, 15)
    month = factory.LazyAttribute(lambda o: o.date.replace(day=1))
    place = Place.HOME
    people = 1
