from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCase

MONDAY_10H = datetime(2026, 3, 2, 2, 0)  # Shanghai is UTC+8


def end_of_day(day):
    """23:59:59 in Shanghai, as the naive UTC datetime Odoo stores."""
    return datetime(day.year, day.month, day.day, 15, 59, 59)


@tagged("post_install", "-at_install")
class TestDeadlines(ComplaintCase):
    def _acknowledged_on(self, when, **values):
        case = self.make_case(**values)
        case._qc_import_history({"ack_date": when})
        return case

    def test_ack_deadline_from_received_date_and_policy(self):
        self.assertEqual(self.make_case().ack_deadline, datetime(2026, 3, 3, 2, 0))
        self.assertEqual(self.make_case(severity="major").ack_deadline, datetime(2026, 3, 2, 6, 0))

    def test_plan_and_reply_in_working_days_skip_the_weekend(self):
        case = self._acknowledged_on(MONDAY_10H)
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 5)))  # Thursday
        self.assertEqual(case.reply_deadline, end_of_day(date(2026, 3, 11)))  # next Wednesday
        friday = self._acknowledged_on(datetime(2026, 3, 6, 2, 0))
        self.assertEqual(friday.plan_deadline, end_of_day(date(2026, 3, 11)))  # Mon, Tue, Wed

    def test_result_disputes_get_the_longer_terms_and_major_keeps_its_ack(self):
        dispute = self.env.ref("quality_complaint.category_result_dispute")
        case = self._acknowledged_on(MONDAY_10H, category_id=dispute.id, severity="major")
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 9)))
        self.assertEqual(case.reply_deadline, end_of_day(date(2026, 3, 16)))
        self.assertEqual(case.ack_deadline, datetime(2026, 3, 2, 6, 0))

    def test_policies_are_records_the_lab_edits(self):
        self.env.ref("quality_complaint.policy_default").plan_days = 2
        self.assertEqual(self._acknowledged_on(MONDAY_10H).plan_deadline, end_of_day(date(2026, 3, 4)))
        self.env["quality.complaint.deadline.policy"].create(
            {"name": "Authority referrals", "channel": "authority", "plan_days": 1}
        )
        case = self._acknowledged_on(MONDAY_10H, channel="authority")
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 3)))

    def test_public_holidays_do_not_count(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 3, 16, 0),  # Wednesday 4 March, local
                "date_to": datetime(2026, 3, 4, 15, 59, 59),
            }
        )
        case = self._acknowledged_on(MONDAY_10H)
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 6)))  # Tue, Thu, Fri

    def test_make_up_saturday_counts_as_a_working_day(self):
        self.env["quality.complaint.extra.workday"].create({"name": "调休", "date": date(2026, 3, 7)})
        case = self._acknowledged_on(datetime(2026, 3, 5, 2, 0))  # Thursday
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 9)))  # Fri, Sat, Mon
        other_calendar = self.calendar.copy({"name": "Field team"})
        self.env["quality.complaint.extra.workday"].search([]).calendar_id = other_calendar
        self.env.add_to_compute(case._fields["plan_deadline"], case)
        case._recompute_recordset()
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 10)))

    def test_working_dates_follow_a_changed_attendance(self):
        # A Saturday shift added to the calendar: the kept working dates are dropped.
        saturday = date(2026, 3, 7)
        self.assertNotIn(saturday, self.calendar._qc_working_dates(date(2026, 3, 2), date(2026, 3, 8)))
        self.env["resource.calendar.attendance"].create(
            {
                "name": "Saturday morning",
                "calendar_id": self.calendar.id,
                "dayofweek": "5",
                "hour_from": 8,
                "hour_to": 12,
            }
        )
        self.assertIn(saturday, self.calendar._qc_working_dates(date(2026, 3, 2), date(2026, 3, 8)))
        self.calendar.attendance_ids.filtered(lambda line: line.dayofweek == "5").unlink()
        self.assertNotIn(saturday, self.calendar._qc_working_dates(date(2026, 3, 2), date(2026, 3, 8)))

    def test_working_dates_are_read_once_per_calendar_year(self):
        case = self._acknowledged_on(MONDAY_10H)
        self.assertTrue(case.deadline_label)
        self.env.invalidate_all()
        # The label again: the case, its company's calendar and the calendar's
        # time zone; none of the calendar's days.
        with self.assertQueryCount(__system__=3):
            self.assertTrue(case.deadline_label)

    def test_on_hold_pauses_the_clock_by_working_days(self):
        case = self._acknowledged_on(MONDAY_10H, concerns_lab="yes")
        case._qc_import_history({"state": "acknowledged"})
        hold = self.env["quality.complaint.hold"]._qc_import_records(
            [{"complaint_id": case.id, "reason": "Waiting for the customer's sample", "start": MONDAY_10H}]
        )
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 5)), "an open pause moves nothing yet")
        hold._qc_import_history({"stop": datetime(2026, 3, 4, 7, 0)})  # Wednesday 15:00 local
        self.assertEqual(hold.paused_days, 2)
        self.assertEqual(case.paused_days, 2)
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 3, 9)))
        self.assertEqual(case.reply_deadline, end_of_day(date(2026, 3, 13)))

    def test_hold_and_resume_log_each_pause(self):
        case = self.acknowledged_case()
        case.hold_reason = "Waiting for the third-party lab"
        case.with_user(self.users["customer_service"]).action_put_on_hold()
        self.assertEqual(case.state, "on_hold")
        self.assertFalse(case.current_deadline, "no deadline runs on hold")
        case.with_user(self.users["customer_service"]).action_resume()
        self.assertEqual(case.state, "acknowledged")
        self.assertEqual(len(case.hold_ids), 1)
        self.assertEqual(case.hold_ids.reason, "Waiting for the third-party lab")
        self.assertTrue(case.hold_ids.stop)

    def test_hold_needs_a_reason(self):
        case = self.acknowledged_case()
        with self.assertRaisesRegex(UserError, "waiting for"):
            case.with_user(self.users["customer_service"]).action_put_on_hold()
        self.assertEqual(case.state, "acknowledged")

    def test_authority_referral_clock_two_months(self):
        case = self.make_case(channel="authority")
        self.assertEqual(case.authority_deadline, date(2026, 5, 2))

    def test_not_our_responsibility_explained_within_a_week(self):
        case = self._acknowledged_on(MONDAY_10H, concerns_lab="no")
        self.assertEqual(case.explanation_deadline, end_of_day(date(2026, 3, 9)))
        valid = self._acknowledged_on(MONDAY_10H, concerns_lab="yes")
        self.assertFalse(valid.explanation_deadline)

    def test_deadline_is_told_in_working_days_from_the_moment_it_passes(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        planning = self._acknowledged_on(MONDAY_10H)
        planning._qc_import_history({"state": "acknowledged"})  # the handling plan is due by Thursday 5 March
        new = self.make_case()  # to be acknowledged by Tuesday 3 March, 10:00
        Complaint = self.as_role("customer_service")
        case = Complaint.browse(planning.id)

        def told(moment, record=case):
            with freeze_time(moment):
                self.env.invalidate_all()
                overdue = Complaint.search([("id", "in", record.ids), ("deadline_state", "=", "overdue")])
                return record.deadline_label, record.deadline_state, bool(overdue)

        self.assertEqual(told("2026-03-03 01:00"), ("2 working days left", "on_time", False))
        self.assertEqual(told("2026-03-05 08:00"), ("Due today", "on_time", False))
        # Friday 00:00:30 in Shanghai: overdue at once, before the hourly job flags it.
        self.assertEqual(told("2026-03-05 16:00:30"), ("Overdue by 1 working day", "overdue", True))
        self.assertFalse(case.is_overdue)
        self.assertEqual(told("2026-03-07 02:00")[0], "Overdue by 1 working day", "Saturday does not count")
        self.assertEqual(told("2026-03-09 02:00")[0], "Overdue by 2 working days")
        self.assertEqual(told("2026-03-03 03:00", Complaint.browse(new.id))[0], "Overdue today")
        with freeze_time("2026-03-09 02:00"):
            self.env.invalidate_all()
            self.assertEqual(case.with_context(lang="zh_CN").deadline_label, "逾期 2 个工作日")
        with freeze_time("2026-03-03 01:00"):
            self.env.invalidate_all()
            self.assertEqual(case.with_context(lang="zh_CN").deadline_label, "还剩 2 个工作日")
            closed = Complaint.search([("id", "=", case.id), ("deadline_state", "in", ("overdue", "none"))])
            self.assertFalse(closed)
