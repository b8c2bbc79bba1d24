"""The admin report screens, the drill-down links, the menu and the home-page panel; scoping."""

import pytest
from django.urls import reverse

from tests.factories.accounts import AdminFactory, TrainerFactory

COVERAGE = reverse("reports_admin:coverage")


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
class AdminScreenTests:
    def test_admin_sees_national_table_with_drill_links_totals_and_charts(self, client, dataset):
        login(client, AdminFactory())
        response = client.get(COVERAGE, {"period": "2026-q3"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Báo cáo độ bao phủ Tổ công nghệ số cộng đồng" in html
        assert "Tổng cộng" in html
        assert "?period=2026-q3&amp;province=92" in html  # unit name → its wards
        assert "<svg" in html and "Tỷ lệ thôn, tổ dân phố có tổ theo đơn vị" in html
        assert "75,0" in html  # Cần Thơ: 3 of 4 hamlets
        assert "css/reports.css" in html and 'css/print.css" media="print"' in html

    def test_drill_down_to_ward_and_hamlets(self, client, dataset):
        login(client, AdminFactory())
        html = client.get(COVERAGE, {"period": "2026-q3", "province": "92"}).content.decode()
        assert "Phường Vị Tân" in html
        assert "ward=31333" in html
        html = client.get(
            COVERAGE, {"period": "2026-q3", "province": "92", "ward": "31333"}
        ).content.decode()
        assert "Thôn Khu vực 1" in html and "Tổ cấp xã, phường" in html
        assert "Toàn quốc" in html  # the way back up

    @pytest.mark.parametrize("name", ["coverage", "staffing", "activity"])
    def test_every_report_renders(self, client, dataset, name):
        login(client, AdminFactory())
        response = client.get(reverse(f"reports_admin:{name}"), {"period": "2026-q3"})
        assert response.status_code == 200
        assert "Tổng cộng" in response.content.decode()

    def test_results_fragment_for_filter_refresh(self, client, dataset):
        login(client, AdminFactory())
        response = client.get(
            reverse("reports_admin:coverage_results"), {"period": "2026-q3", "province": "92"}
        )
        assert response.status_code == 200
        assert "Phường Vị Thanh" in response.content.decode()

    def test_activity_shows_certificates_chart(self, client, dataset):
        login(client, AdminFactory())
        html = client.get(reverse("reports_admin:activity"), {"period": "2026-q3"}).content.decode()
        assert "Chứng nhận đã cấp theo tháng" in html
        assert "08/26" in html

    def test_a_pdf_too_long_to_render_sends_back_with_a_message(self, client, dataset, monkeypatch):
        """A report too long to print (a province's 2,340 teams once took xhtml2pdf past its
        time budget) sends the officer back to the screen with a Vietnamese message."""
        monkeypatch.setattr("lms.reports.pdf.MAX_PDF_ROWS", 0)
        login(client, AdminFactory())
        url = reverse("reports_admin:attendance")
        response = client.get(url, {"period": "2026-q3", "export": "pdf"}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[0][0] == f"{url}?period=2026-q3"
        assert "Báo cáo quá dài để in thành PDF" in response.content.decode()


@pytest.mark.django_db
class ScopingTests:
    def test_province_officer_sees_own_wards_only(self, client, province_officer):
        login(client, province_officer)
        html = client.get(COVERAGE, {"period": "2026-q3"}).content.decode()
        assert "Phường Vị Tân" in html
        assert "Tỉnh Thử Hậu Giang" not in html

    def test_province_officer_asking_for_another_province_gets_404(self, client, province_officer):
        login(client, province_officer)
        assert client.get(COVERAGE, {"province": "93"}).status_code == 404
        assert client.get(COVERAGE, {"ward": "31400"}).status_code == 404

    def test_ward_officer_sees_own_hamlets(self, client, ward_officer):
        login(client, ward_officer)
        html = client.get(COVERAGE, {"period": "2026-q3"}).content.decode()
        assert "Thôn Khu vực 1" in html
        assert "Phường Vị Thanh" not in html

    def test_ward_officer_guessing_another_ward_gets_404(self, client, ward_officer):
        login(client, ward_officer)
        for name in ("coverage", "staffing", "activity"):
            url = reverse(f"reports_admin:{name}")
            assert client.get(url, {"ward": "31321"}).status_code == 404
            assert client.get(url, {"ward": "31321", "export": "xlsx"}).status_code == 404

    def test_member_and_anonymous_are_refused(self, client, member_user):
        response = client.get(COVERAGE)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        login(client, member_user)
        response = client.get(COVERAGE)
        assert response.status_code in (302, 403)
        assert client.get(reverse("reports:api", args=["coverage"])).status_code == 403

    def test_trainer_without_report_permission_is_refused(self, client, dataset):
        from lms.accounts.services import user_role_groups_sync

        trainer = TrainerFactory(province=dataset.p)
        user_role_groups_sync(user=trainer)
        login(client, trainer)
        response = client.get(COVERAGE)
        # Wagtail answers a permission error in the admin with a redirect to the dashboard.
        assert response.status_code in (302, 403)
        assert "Tổng cộng" not in response.content.decode()
        assert client.get(reverse("reports:api", args=["coverage"])).status_code == 403


@pytest.mark.django_db
class MenuAndDashboardTests:
    def test_reports_menu_lists_the_three_reports_for_an_officer(self, client, province_officer):
        login(client, province_officer)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        for name in ("coverage", "staffing", "activity"):
            assert reverse(f"reports_admin:{name}") in html

    def test_home_panel_shows_key_figures_for_the_officers_scope(
        self, client, province_officer, dataset
    ):
        login(client, province_officer)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Độ bao phủ năm nay" in html
        assert "Thành phố Cần Thơ" in html
        assert "3/4" in html  # hamlets with a team / hamlets in the province

    def test_no_panel_for_a_trainer(self, client, dataset):
        trainer = TrainerFactory(province=dataset.p)
        login(client, trainer)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Độ bao phủ năm nay" not in html

    def test_bao_cao_root_opens_the_admin_report(self, client):
        response = client.get("/bao-cao/")
        assert response.status_code == 302
        assert response["Location"] == COVERAGE
