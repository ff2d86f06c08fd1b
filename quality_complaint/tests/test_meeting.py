from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestMeeting(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls.make_case(cls)
        cls.other_category = cls.make_case(cls, category_id=cls.env.ref("quality_complaint.category_fees").id)
        cls.meeting = (
            cls.env["quality.complaint.meeting"]
            .with_user(cls.users["supervisor"])
            .create(
                {
                    "name": "Complaint analysis, March",
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                    "category_ids": [(6, 0, cls.env.ref("quality_complaint.category_turnaround").ids)],
                }
            )
        )

    def test_cases_of_the_period_and_category_are_loaded(self):
        self.meeting.action_load_cases()
        self.assertIn(self.case, self.meeting.complaint_ids)
        self.assertNotIn(self.other_category, self.meeting.complaint_ids)

    def test_minutes_need_attendees_and_conclusions(self):
        self.meeting.action_load_cases()
        with self.assertRaises(UserError):
            self.meeting.action_hold()
        self.assertEqual(self.meeting.state, "draft")

    def _held(self):
        self.meeting.action_load_cases()
        self.meeting.write(
            {
                "attendee_ids": [(6, 0, (self.users["technical"] | self.users["department"]).ids)],
                "conclusions": "Turnaround slips when the ICP-MS is down: add a backup instrument.",
            }
        )
        self.meeting.action_hold()
        return self.meeting

    def test_only_the_quality_chain_approves_minutes(self):
        self.meeting.sudo().write({"conclusions": "x", "guest_attendees": "Dr. Sun"})
        with self.assertRaises(UserError):
            self.meeting.with_user(self.users["customer_service"]).action_hold()

    def test_approved_minutes_are_locked(self):
        meeting = self._held()
        self.assertEqual(meeting.held_by_id, self.users["supervisor"])
        with self.assertRaises(StepRequired):
            meeting.write({"conclusions": "Rewritten afterwards."})

    def test_capa_in_one_step_from_approved_minutes(self):
        with self.assertRaises(UserError):
            self.meeting.action_create_capa()
        meeting = self._held()
        action = meeting.action_create_capa()
        capa = self.env["quality.corrective.action"].browse(action["res_id"])
        self.assertEqual(capa.meeting_id, meeting)
        self.assertEqual(capa.problem_what, meeting.conclusions)
        self.assertIn(self.users["technical"], capa.team_ids)
        self.assertIn(self.case.name, capa.problem_where)

    def test_customer_service_may_not_open_capa_from_minutes(self):
        meeting = self._held()
        with self.assertRaises(UserError):
            meeting.with_user(self.users["customer_service"]).action_create_capa()
