from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestLabVisit(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit = (
            cls.env["quality.lab.visit"]
            .with_user(cls.users["customer_service"])
            .create(
                {
                    "partner_id": cls.customer.id,
                    "visitor_names": "Ms. Li, Mr. Chen",
                    "purpose": "Audit of the heavy metals testing.",
                    "planned_date": datetime(2026, 3, 10, 2, 0),
                    "areas": "Sample reception, ICP-MS room",
                }
            )
        )

    def test_approval_needs_the_confidentiality_check(self):
        visit = self.visit.with_user(self.users["technical"])
        with self.assertRaises(UserError):
            visit.action_approve()
        visit.write(
            {"confidentiality_checked": True, "confidentiality_measures": "Other samples covered, escort."}
        )
        visit.action_approve()
        self.assertEqual(visit.approved_by_id, self.users["technical"])
        with self.assertRaises(StepRequired):
            visit.write({"areas": "Every laboratory"})

    def test_customer_service_does_not_approve(self):
        self.visit.write({"confidentiality_checked": True, "confidentiality_measures": "Escort."})
        with self.assertRaises(UserError):
            self.visit.action_approve()

    def test_visit_recorded_only_once_approved(self):
        self.visit.write({"visit_date": datetime(2026, 3, 10, 2, 0), "minutes": "Walked through reception."})
        with self.assertRaises(UserError):
            self.visit.action_record()
        self.visit.write({"confidentiality_checked": True, "confidentiality_measures": "Escort."})
        self.visit.with_user(self.users["technical"]).action_approve()
        self.visit.action_record()
        self.assertEqual(self.visit.state, "done")
