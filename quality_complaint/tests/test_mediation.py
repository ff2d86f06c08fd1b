from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestMediation(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Mediation = cls.env["quality.complaint.mediation"].with_user(cls.users["supervisor"])
        cls.case = cls.make_case(cls, concerns_lab="yes")
        cls.case.with_user(cls.users["customer_service"]).action_acknowledge()

    def _refer(self, case=None, **values):
        return self.Mediation.create(
            dict(
                {
                    "complaint_id": (case or self.case).id,
                    "body": "hospital_office",
                    "body_name": "Hospital administration office",
                    "referred_date": date(2026, 3, 10),
                    "reason": "The patient does not accept the lab's explanation.",
                },
                **values,
            )
        )

    def test_new_case_is_not_referred(self):
        with self.assertRaises(UserError):
            self._refer(self.make_case(description="A second complaint."))

    def test_dates_follow_the_referral(self):
        with self.assertRaises(ValidationError):
            self._refer(end_date=date(2026, 3, 1))

    def test_outcome_is_recorded_then_locked(self):
        mediation = self._refer(session_date=date(2026, 3, 12))
        self.assertIn("Hospital administration office", self.case.message_ids[0].body)
        with self.assertRaises(UserError):
            mediation.action_conclude()
        mediation.write(
            {"end_date": date(2026, 3, 12), "outcome": "agreement", "outcome_note": "Re-test agreed."}
        )
        mediation.action_conclude()
        self.assertEqual(mediation.outcome_recorded_by_id, self.users["supervisor"])
        with self.assertRaises(StepRequired):
            mediation.write({"outcome": "no_agreement"})

    def test_customer_service_does_not_conclude(self):
        mediation = self._refer(end_date=date(2026, 3, 12), outcome="withdrawn")
        with self.assertRaises(UserError):
            mediation.with_user(self.users["customer_service"]).action_conclude()
