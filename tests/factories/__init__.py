"""Factories, one module per app: ``tests.factories.teams``, ``.accounts``, ``.courses`` ..."""
