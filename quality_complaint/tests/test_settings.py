import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase

MIGRATION = Path(__file__).parent.parent / "migrations" / "19.0.1.3.0" / "post-migrate.py"


@tagged("post_install", "-at_install")
class TestCompanySettings(ComplaintCase):
    """Each company's complaint settings, owned by its quality manager and top management."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Settings = cls.env["quality.complaint.settings"]
        cls.other_company = cls.env["res.company"].create({"name": "Second lab"})
        cls.other_quality_manager = new_test_user(
            cls.env,
            login="qc_other_quality",
            groups="quality_complaint.group_quality_manager",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.Complaint = cls.env["quality.complaint"]

    def test_the_quality_manager_opens_and_edits_the_company_settings(self):
        action = self.Settings.with_user(self.users["quality"]).action_open()
        settings = self.Settings.browse(action["res_id"])
        self.assertEqual(settings.company_id, self.company)
        settings.with_user(self.users["quality"]).write({"retention_years": 7, "survey_reminder_max": 0})
        self.assertEqual(self.Complaint._qc_param("retention_years"), 7)
        self.assertEqual(self.Complaint._qc_param("survey_reminder_max"), 0, "0 is kept, not the default")
        self.assertEqual(self.Complaint._qc_param("retention_years", self.other_company), 5, "per company")
        self.assertEqual(self.Complaint.with_company(self.other_company)._qc_param("retention_years"), 5)

    def test_top_management_edits_them_too(self):
        settings = self.Settings._qc_of(self.company)
        settings.with_user(self.users["top"]).similar_months = 6
        self.assertEqual(self.Complaint._qc_param("similar_months"), 6)

    def test_other_roles_are_refused(self):
        settings = self.Settings._qc_of(self.company)
        for role in ("technical", "customer_service", "auditor", "records"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                settings.with_user(self.users[role]).write({"retention_years": 1})
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.Settings.with_user(self.users[role]).action_open()
        self.assertEqual(settings.retention_years, 5)

    def test_the_quality_manager_of_another_company_is_refused(self):
        settings = self.Settings._qc_of(self.company)
        with self.assertRaises(AccessError):
            settings.with_user(self.other_quality_manager).write({"retention_years": 1})
        with self.assertRaises(AccessError):
            settings.with_user(self.other_quality_manager).write({"lang": "en_US"})
        own = self.Settings.with_user(self.other_quality_manager).action_open()
        self.assertEqual(self.Settings.browse(own["res_id"]).company_id, self.other_company)

    def test_values_that_mean_nothing_are_refused_not_replaced(self):
        settings = self.Settings._qc_of(self.company)
        for key in ("retention_years", "objection_window_days", "survey_reminder_days"):
            with self.subTest(key=key), self.assertRaisesRegex(ValidationError, "must be at least 1"):
                settings.write({key: 0})
            self.env.invalidate_all(flush=False)  # drop the refused value
        with self.assertRaisesRegex(ValidationError, "at least 0"):
            settings.write({"public_max_files": -1})
        self.env.invalidate_all(flush=False)
        settings.write({"public_max_files": 0, "escalation_days": 0})
        self.assertEqual(self.Complaint._qc_upload_limits()["max_files"], 0)
        self.assertEqual(self.Complaint._qc_param("escalation_days"), 0)

    def test_the_company_texts_and_language_are_written_for_the_quality_manager(self):
        settings = self.Settings._qc_of(self.company).with_user(self.users["quality"])
        settings.write({"complaint_process": "<p>Our own process.</p>", "lang": "en_US"})
        self.assertIn("Our own process.", self.company.qc_complaint_process)
        self.assertEqual(self.company.partner_id.lang, "en_US")
        with self.assertRaises(AccessError):
            self.company.with_user(self.users["quality"]).write({"qc_complaint_process": "<p>x</p>"})

    def test_database_wide_parameters_stay_system_parameters(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("quality_complaint.followup_days", "3")
        params.set_param("quality_complaint.public_rate_count", "0")
        self.assertEqual(int(self.Complaint._qc_param("followup_days")), 3)
        self.assertEqual(self.env["quality.complaint.public.log"]._qc_rate_limit()[0], 1)
        with self.assertRaisesRegex(ValidationError, "at least 1"):
            self.env["res.config.settings"].create({"qc_followup_days": 0})

    def test_the_menu_opens_the_company_settings_for_the_quality_manager(self):
        menu = self.env.ref("quality_complaint.menu_quality_settings")
        self.assertEqual(
            menu.action, self.env.ref("quality_complaint.action_quality_complaint_company_settings")
        )
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.users["quality"])._visible_menu_ids())
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.users["technical"])._visible_menu_ids()
        )


@tagged("post_install", "-at_install")
class TestSettingsMigration(ComplaintCase):
    def test_parameters_are_copied_to_every_company_and_removed(self):
        other = self.env["res.company"].create({"name": "Second lab"})
        self.env["quality.complaint.settings"].search([]).unlink()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("quality_complaint.retention_years", "8")
        params.set_param("quality_complaint.decider_may_approve", "True")
        params.set_param("quality_complaint.public_max_files", "0")
        params.set_param("quality_complaint.explanation_days", "0")  # never valid: the default stays
        params.set_param("quality_complaint.followup_days", "9")
        spec = importlib.util.spec_from_file_location("qc_migration_1_3", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        with self.assertLogs(migration.__name__, "WARNING"):
            migration.migrate(self.env.cr, "19.0.1.2.0")
        Complaint = self.env["quality.complaint"]
        for company in self.env["res.company"].search([]):
            self.assertEqual(Complaint._qc_param("retention_years", company), 8)
            self.assertIs(Complaint._qc_param("decider_may_approve", company), True)
            self.assertEqual(Complaint._qc_param("public_max_files", company), 0)
            self.assertEqual(Complaint._qc_param("explanation_days", company), 5)
        self.assertIn(other, self.env["quality.complaint.settings"].search([]).company_id)
        self.assertFalse(params.get_param("quality_complaint.retention_years"))
        self.assertEqual(params.get_param("quality_complaint.followup_days"), "9", "the contract's stay")
