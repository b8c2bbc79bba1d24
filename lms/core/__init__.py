"""The base layer: helpers every app may use and that import no app of this project.

Text normalisation, validators, model fields, dates, the PDF renderer, the upload reader,
small HTTP helpers, the database router and the signals that let a lower app tell a higher one
that derived data must be refreshed. ``pyproject.toml``'s import-linter contract keeps it so.
"""
