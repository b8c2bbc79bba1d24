"""What the teams do for citizens: the support log, area indicators and monthly reports.

A sub-app of ``teams`` (app label ``support``) in the teams layer: it reads the registry
(teams, hamlets, members) and is read by ``lms.reports``.
"""
