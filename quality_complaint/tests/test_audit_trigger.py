from odoo.tests import tagged

from .common_investigation import InvestigationCase


@tagged("post_install", "-at_install")
class TestAuditTrigger(InvestigationCase):
    def _audit_activities(self, case):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality.complaint"),
                ("res_id", "=", case.id),
                ("summary", "like", "Internal audit"),
            ]
        )

    def test_v6_valid_case_touching_staff_duties_requests_an_internal_audit(self):
        case = self.acknowledged_case(touches_staff_duties=True)
        self.assertFalse(case.audit_requested_date)
        case.validity = "valid"
        self.assertTrue(case.audit_requested_date)
        self.assertTrue(case.management_review_input)
        self.assertIn(self.users["auditor"], self._audit_activities(case).user_id)

    def test_v6_marking_a_valid_case_as_touching_the_management_system(self):
        case = self.acknowledged_case(validity="valid")
        self.assertFalse(case.audit_requested_date)
        case.with_user(self.users["quality"]).touches_management_system = True
        self.assertTrue(case.audit_requested_date)
        self.assertTrue(case.management_review_input)
        case.touches_staff_duties = True
        self.assertEqual(
            len(self._audit_activities(case).filtered(lambda a: a.user_id == self.users["auditor"])), 1
        )

    def test_v6_category_flag_is_the_default(self):
        case = self.acknowledged_case(
            category_id=self.env.ref("quality_complaint.category_management_system").id
        )
        self.assertTrue(case.touches_management_system)
        self.assertFalse(case.audit_requested_date, "only a valid case calls for the audit")
        case.validity = "valid"
        self.assertTrue(case.audit_requested_date)

    def test_v6_invalid_cases_and_involved_auditors_are_left_out(self):
        case = self.acknowledged_case(
            touches_staff_duties=True, validity="invalid", invalid_reason="malicious"
        )
        self.assertFalse(case.audit_requested_date)
        involved = self.acknowledged_case(
            touches_staff_duties=True, involved_user_ids=[(6, 0, self.users["auditor"].ids)]
        )
        involved.validity = "valid"
        self.assertTrue(involved.audit_requested_date)
        self.assertNotIn(self.users["auditor"], self._audit_activities(involved).user_id)
