def seed(*, stdout=None):
    """Demo data for this app: none. The reports own no rows; they aggregate the teams,
    courses, attendance and certificates the other apps' demo loaders create, so after
    ``seed_demo`` the officer logins (0912000003, 0912000004) already see figures."""
