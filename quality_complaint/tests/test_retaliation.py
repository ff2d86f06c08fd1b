from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestRetaliation(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = (
            cls.Complaint.with_user(cls.users["customer_service"])
            .create(
                {
                    "kind": "retaliation",
                    "description": "Since my complaint the sample reception refuses my samples.",
                    "partner_id": cls.customer.id,
                    "complainant_name": "Ms. Zhao",
                    "complainant_phone": "+86 10 8888 0000",
                    "concerns_lab": "yes",
                    "user_id": cls.users["top"].id,
                    "involved_user_ids": [(6, 0, cls.users["department"].ids)],
                }
            )
            .sudo()
        )

    def test_reporter_is_protected_without_any_flag(self):
        self.assertFalse(self.report.confidential or self.report.is_real_name)
        self.assertTrue(self.report.identity_restricted)
        auditor_view = self.report.with_user(self.users["auditor"])
        self.assertFalse(auditor_view.complainant_name)
        with self.assertRaises(AccessError):
            self.report.identity_id.with_user(self.users["auditor"]).read(["name"])

    def test_hidden_from_the_quality_chain_below_top_management(self):
        for role in ("supervisor", "technical", "quality", "department"):
            with self.subTest(role=role):
                self.assertFalse(self.as_role(role).search([("id", "=", self.report.id)]))
        self.assertEqual(self.as_role("top").search([("id", "=", self.report.id)]), self.report)

    def test_handler_is_top_management(self):
        with self.assertRaises(ValidationError):
            self.report.with_user(self.users["top"]).user_id = self.users["quality"]

    def test_top_management_is_told_at_once(self):
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "quality.complaint"), ("res_id", "=", self.report.id)]
        )
        self.assertIn(self.users["top"], activities.user_id)

    def test_decided_and_approved_by_top_management_only(self):
        self.report.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertTrue(self.report.requires_top_approval)
        self.report.sudo().write({"investigator_ids": [(4, self.users["technical"].id)]})
        with self.assertRaises(UserError):
            self.report.with_user(self.users["technical"]).action_start_investigation()
        self.report.with_user(self.users["top"]).action_start_investigation()
        self.assertEqual(self.report.state, "investigation")

    def test_kind_kept_below_top_management(self):
        with self.assertRaises(UserError):
            self.report.with_user(self.users["customer_service"]).write({"kind": "complaint"})
