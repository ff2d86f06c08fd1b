from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from ..models.quality_complaint import CASE_STEPS
from .common import ComplaintCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 03:00:00")  # Monday 11:00 in Shanghai
class TestNextStep(ComplaintCase):
    """The form's one line: who acts next, with which step, by when."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Asia/Shanghai"

    def next_step(self, case):
        case.invalidate_recordset(["next_step"])
        return case.with_context(lang="en_US").next_step

    def test_a_new_case_is_acknowledged_by_customer_service_by_its_deadline(self):
        case = self.make_case(user_id=self.users["customer_service"].id)
        self.assertEqual(case._qc_next_step(), "acknowledge")
        line = self.next_step(case)
        self.assertTrue(
            line.startswith("Next: Customer service (QC customer_service) to acknowledge a case, by ")
        )
        self.assertIn("10:00", line, "the deadline in the reader's time zone")
        self.assertTrue(line.endswith("(1 working day left)."), line)

    def test_an_overdue_case_says_by_how_much(self):
        case = self.make_case(received_date=datetime(2026, 2, 25, 2, 0))
        self.assertTrue(self.next_step(case).endswith("(Overdue by 2 working days)."), self.next_step(case))

    def test_an_acknowledged_case_goes_to_investigation_or_straight_to_the_decision(self):
        case = self.acknowledged_case(user_id=self.users["supervisor"].id)
        self.assertIn("Quality supervisor (QC supervisor) to start an investigation", self.next_step(case))
        case.no_investigation_reason = "A clerical slip, plain from the report."
        self.assertEqual(case._qc_next_step(), "submit_decision")
        self.assertIn("Technical manager", self.next_step(case))
        dispute = self.env.ref("quality_complaint.category_result_dispute")
        case.category_id = dispute
        self.assertEqual(
            case._qc_next_step(), "start_investigation", "a result dispute is always investigated"
        )

    def test_the_person_is_one_who_may_take_the_step(self):
        case = self.acknowledged_case(user_id=False, first_contact_user_id=self.users["supervisor"].id)
        self.assertEqual(case._qc_next_actor("start_investigation"), self.users["supervisor"])
        case.involved_user_ids = self.users["supervisor"]
        self.assertEqual(
            case._qc_next_actor("start_investigation"), self.env["res.users"], "involved people never"
        )
        case.department_id = self.env["quality.complaint.department"].create(
            {"name": "Chemistry", "leader_id": self.users["technical"].id}
        )
        self.assertEqual(case._qc_next_actor("start_investigation"), self.users["technical"])

    def test_approval_names_top_management_and_never_the_decider(self):
        case = self.acknowledged_case(no_investigation_reason="Clerical slip")
        case.write(
            {"validity": "valid", "resolution": "Re-issue the report.", "user_id": self.users["quality"].id}
        )
        case.with_user(self.users["quality"]).action_submit_decision()
        self.assertEqual(case._qc_next_step(), "approve")
        self.assertEqual(case._qc_next_actor("approve"), self.env["res.users"], "four-eyes: not the decider")
        self.assertIn("Next: Quality manager to approve a decision, by ", self.next_step(case))
        case._qc_import_history({"decider_id": self.users["technical"].id})
        self.assertEqual(case._qc_next_actor("approve"), self.users["quality"])
        major = self.acknowledged_case(severity="major", no_investigation_reason="Clerical slip")
        major.write(
            {"validity": "valid", "resolution": "Re-issue the report.", "user_id": self.users["quality"].id}
        )
        major.with_user(self.users["technical"]).action_submit_decision()
        self.assertIn("Next: Top management to approve a decision", self.next_step(major))

    def test_after_the_reply_the_answer_then_the_closure(self):
        case = self.approve(self.acknowledged_case())
        case.with_user(self.users["customer_service"]).action_send_reply()
        self.assertIn("to record the complainant's answer.", self.next_step(case))
        self.assertNotIn(" by ", self.next_step(case), "no deadline runs after the reply")
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        self.assertIn("to close a case.", self.next_step(case))
        case.with_user(self.users["customer_service"]).action_close()
        self.assertFalse(self.next_step(case))

    def test_on_hold_the_case_waits_to_resume_without_a_deadline(self):
        case = self.acknowledged_case(hold_reason="The customer's sample")
        case.with_user(self.users["customer_service"]).action_put_on_hold()
        self.assertIn("to resume a case, its clock paused meanwhile.", self.next_step(case))

    def test_every_open_state_has_a_declared_step_forward(self):
        advancing = {state for step in CASE_STEPS.values() if step.advances for state in step.from_states}
        self.assertEqual(
            advancing,
            {"new", "acknowledged", "investigation", "on_hold", "decision", "approved", "replied"},
        )
        self.assertTrue(all(step.groups for step in CASE_STEPS.values() if step.advances))

    def test_the_line_is_in_the_readers_language(self):
        case = self.make_case(user_id=self.users["customer_service"].id)
        self.env["res.lang"]._activate_lang("zh_CN")
        case.invalidate_recordset(["next_step"])
        line = case.with_context(lang="zh_CN").next_step
        self.assertTrue(line.startswith("下一步："), line)
        self.assertIn("受理案件", line)
