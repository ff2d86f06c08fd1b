from datetime import date, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.quality_workflow_mixin import StepRequired
from .common_hours import FRIDAY, MONDAY, NEXT_MONDAY, HoursCase, shanghai


@tagged("post_install", "-at_install")
class TestHourTerms(HoursCase):
    """Deadline terms in working days, working hours or clock hours (seeds 001, 003)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["quality.complaint.category"].create({"name": "Clinical results"})

    def policy(self, **values):
        return self.Policy.create({"name": "Hospital lab", "category_id": self.category.id, **values})

    def acknowledged_at(self, when, **values):
        case = self.make_case(category_id=self.category.id, received_date=when, **values)
        case._qc_import_history({"state": "acknowledged", "ack_date": when})
        return case

    # --- clock hours: around the clock, nights and weekends included --- #

    def test_clock_hours_run_through_midnight(self):
        self.policy(ack_hours=2, ack_unit="clock_hours")
        case = self.make_case(category_id=self.category.id, received_date=shanghai(MONDAY, 23))
        self.assertEqual(case.ack_deadline, shanghai(MONDAY + timedelta(days=1), 1))

    def test_clock_hours_run_through_the_weekend_and_holidays(self):
        self.holiday(NEXT_MONDAY)
        self.policy(plan_days=24, plan_unit="clock_hours", reply_days=48, reply_unit="clock_hours")
        case = self.acknowledged_at(shanghai(FRIDAY, 10))
        self.assertEqual(case.plan_deadline, shanghai(FRIDAY + timedelta(days=1), 10))  # Saturday
        self.assertEqual(case.reply_deadline, shanghai(FRIDAY + timedelta(days=2), 10))  # Sunday

    def test_hour_terms_move_by_the_time_on_hold(self):
        self.policy(reply_days=24, reply_unit="clock_hours")
        case = self.acknowledged_at(shanghai(FRIDAY, 10))
        self.env["quality.complaint.hold"]._qc_import_records(
            [
                {
                    "complaint_id": case.id,
                    "reason": "Waiting for the patient's second sample",
                    "start": shanghai(FRIDAY, 12),
                    "stop": shanghai(FRIDAY, 17),
                }
            ]
        )
        self.assertEqual(case.reply_deadline, shanghai(FRIDAY + timedelta(days=1), 15))

    # --- working hours: only the calendar's hours, holidays removed --- #

    def test_working_hours_skip_the_night(self):
        self.policy(ack_hours=1, ack_unit="working_hours")
        case = self.make_case(category_id=self.category.id, received_date=shanghai(MONDAY, 16, 30))
        self.assertEqual(case.ack_deadline, shanghai(MONDAY + timedelta(days=1), 8, 30))

    def test_working_hours_skip_the_weekend(self):
        self.policy(plan_days=3, plan_unit="working_hours")
        case = self.acknowledged_at(shanghai(FRIDAY, 16))
        self.assertEqual(case.plan_deadline, shanghai(NEXT_MONDAY, 10))

    def test_working_hours_skip_a_holiday(self):
        self.holiday(NEXT_MONDAY)
        self.policy(plan_days=3, plan_unit="working_hours")
        case = self.acknowledged_at(shanghai(FRIDAY, 16))
        self.assertEqual(case.plan_deadline, shanghai(NEXT_MONDAY + timedelta(days=1), 10))

    def test_working_days_still_end_with_the_working_day(self):
        self.holiday(NEXT_MONDAY)
        self.policy(plan_days=1, plan_unit="working_days")
        case = self.acknowledged_at(shanghai(FRIDAY, 16))
        self.assertEqual(
            case.plan_deadline, shanghai(NEXT_MONDAY + timedelta(days=1), 23, 59) + timedelta(seconds=59)
        )

    def test_a_terms_unit_comes_with_its_policy(self):
        """The unit of the policy that gives the amount, never that of a more
        specific policy that leaves the term to others."""
        self.env.ref("quality_complaint.policy_default").plan_unit = "clock_hours"
        self.policy(ack_hours=2, plan_unit="working_days")
        case = self.acknowledged_at(shanghai(FRIDAY, 16))
        self.assertEqual(case.plan_deadline, shanghai(FRIDAY, 19))

    def test_reply_before_plan_is_refused_only_in_the_same_unit(self):
        with self.assertRaises(UserError):
            self.policy(plan_days=5, reply_days=3)
        self.policy(plan_days=5, plan_unit="working_days", reply_days=3, reply_unit="clock_hours")

    # --- the handling form back to the office (24 h by default) --- #

    def test_handling_form_is_due_back_within_24_clock_hours(self):
        case = self.acknowledged_at(shanghai(FRIDAY, 16))
        self.assertEqual(case.handover_deadline, shanghai(FRIDAY + timedelta(days=1), 16))

    def test_overdue_hand_over_is_urged_once_until_returned(self):
        case = self.acknowledged_at(shanghai(FRIDAY, 16))
        now = shanghai(FRIDAY + timedelta(days=1), 17)
        self.assertIn(case, self.Complaint.search(self.Complaint._overdue_domain(now)))
        urgings = case._process_overdue(now)
        self.assertEqual(urgings.mapped("deadline_type"), ["handover_deadline"])
        self.assertFalse(case._process_overdue(now), "one notice per deadline and level")
        self.assertFalse(case.is_overdue, "the flag follows the next deadline, still to come")
        case.user_id = self.users["department"]
        case.with_user(self.users["department"]).action_return_handling_form()
        self.assertEqual(case.handover_by_id, self.users["department"])
        self.assertNotIn(case, self.Complaint.search(self.Complaint._overdue_domain(now)))
        with self.assertRaisesRegex(UserError, "already returned"):
            case.with_user(self.users["customer_service"]).action_return_handling_form()

    def test_only_the_case_people_return_the_handling_form(self):
        case = self.acknowledged_at(shanghai(FRIDAY, 16))
        with self.assertRaisesRegex(UserError, "Responsible department"):
            case.with_user(self.users["auditor"]).action_return_handling_form()
        with self.assertRaises(StepRequired):
            case.with_user(self.users["customer_service"]).write({"handover_date": datetime(2026, 3, 6, 9)})
        with self.assertRaises(StepRequired):
            case.with_user(self.users["customer_service"]).write({"handover_deadline": datetime(2026, 4, 1)})
        new_case = self.make_case()
        with self.assertRaisesRegex(UserError, "cannot return the handling form"):
            new_case.with_user(self.users["customer_service"]).action_return_handling_form()

    # --- where the objection window starts --- #

    def appeal(self, **values):
        return self.make_case(
            **{
                "kind": "appeal",
                "concerns_lab": "yes",
                "category_id": self.category.id,
                "received_date": datetime(2026, 3, 30, 2),
                "report_received_date": date(2026, 3, 1),
                "report_collection_end_date": date(2026, 3, 20),
                **values,
            }
        )

    def test_objection_window_from_receipt_by_default(self):
        case = self.appeal()
        case.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(case.invalid_reason, "out_of_time")
        self.assertIn("after the report was received", case.validity_reasoning)

    def test_objection_window_from_the_end_of_the_collection_period(self):
        self.policy(objection_start="collection_end")
        case = self.appeal()
        case.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertNotEqual(case.invalid_reason, "out_of_time", "10 days after the collection period ended")
        late = self.appeal(report_collection_end_date=date(2026, 3, 10))
        late.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(late.invalid_reason, "out_of_time")
        self.assertIn("end of the report collection period", late.validity_reasoning)
