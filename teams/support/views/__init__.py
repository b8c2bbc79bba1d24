"""Thin views of the support log on the public site (team members, on a phone) and of the
tally-sheet import (the admin's and the team leader's)."""
