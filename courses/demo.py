def seed(*, stdout=None):
    """Demo data for this app (idempotent)."""
