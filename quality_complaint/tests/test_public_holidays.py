from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


def end_of_day(day):
    """23:59:59 in Shanghai, as the naive UTC datetime Odoo stores."""
    return datetime(day.year, day.month, day.day, 15, 59, 59)


@tagged("post_install", "-at_install")
class TestPublicHolidays(ComplaintCase):
    """A year's public holidays and make-up working days from the holidays package."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")
        cls.company.country_id = cls.china
        cls.other_company = cls.env["res.company"].create({"name": "Second lab", "country_id": cls.china.id})

    def load(self, year=2026, role="quality", **values):
        wizard = (
            self.env["quality.complaint.holiday.wizard"]
            .with_user(self.users[role])
            .create(dict({"year": year}, **values))
        )
        return wizard.action_load()["params"]

    def days_off(self):
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id), ("resource_id", "=", False)]
        )
        return {self.calendar._qc_local_date(leave.date_from): leave.name for leave in leaves}

    def make_up_days(self):
        workdays = self.env["quality.complaint.extra.workday"].search(
            [("calendar_id", "=", self.calendar.id)]
        )
        return set(workdays.mapped("date"))

    def test_the_2026_chinese_calendar_with_spring_festival_and_its_make_up_saturdays(self):
        wizard = self.env["quality.complaint.holiday.wizard"].with_user(self.users["quality"]).create({})
        self.assertEqual(wizard.country_id, self.china, "the company's country by default")
        result = self.load()
        self.assertEqual(result["type"], "success")
        days_off = self.days_off()
        for day in (
            date(2026, 2, 16),
            date(2026, 2, 17),
            date(2026, 2, 18),
            date(2026, 2, 19),
            date(2026, 10, 1),
        ):
            self.assertIn(day, days_off)
        self.assertIn(date(2026, 2, 14), self.make_up_days())
        self.assertIn(date(2026, 2, 28), self.make_up_days())
        self.assertEqual({day.year for day in self.make_up_days()}, {2026}, "make-up days of 2026 only")
        self.assertEqual({day.year for day in days_off}, {2026})

    def test_loading_twice_adds_nothing(self):
        self.load()
        before = (self.days_off(), self.make_up_days())
        result = self.load()
        self.assertIn("0 days of public holidays and 0 make-up working days", result["message"])
        self.assertEqual((self.days_off(), self.make_up_days()), before)

    def test_open_cases_deadlines_follow_the_loaded_calendar(self):
        # Acknowledged on Thursday 12 February 2026: 3 working days to plan.
        case = self.make_case(concerns_lab="yes")
        case._qc_import_history({"state": "acknowledged", "ack_date": datetime(2026, 2, 12, 2, 0)})
        closed = self.make_case(concerns_lab="yes")
        closed._qc_import_history({"state": "closed", "ack_date": datetime(2026, 2, 12, 2, 0)})
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 2, 17)))  # Fri 13, Mon 16, Tue 17
        self.assertEqual(closed.plan_deadline, end_of_day(date(2026, 2, 17)))
        self.load()
        # Fri 13, Saturday 14 (worked), then Tuesday 24 after the Spring Festival.
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 2, 24)))
        self.assertEqual(case.current_deadline, end_of_day(date(2026, 2, 24)))
        self.assertEqual(
            closed.plan_deadline, end_of_day(date(2026, 2, 17)), "a closed record stays as it was"
        )
        self.env["quality.complaint.extra.workday"].search([("date", "=", date(2026, 2, 14))]).unlink()
        self.assertEqual(case.plan_deadline, end_of_day(date(2026, 2, 25)))

    def test_a_year_without_make_up_days_is_loaded_with_a_warning(self):
        result = self.load(year=2035)
        self.assertEqual(result["type"], "warning")
        self.assertIn("No make-up working day is known for 2035 yet", result["message"])
        self.assertTrue(self.days_off())

    def test_a_country_without_make_up_days_loads_without_warning(self):
        result = self.load(country_id=self.env.ref("base.fr").id)
        self.assertEqual(result["type"], "success")
        self.assertIn(date(2026, 7, 14), self.days_off())
        self.assertFalse(self.make_up_days())

    def test_only_the_quality_manager_of_the_company_loads_them(self):
        for role in ("technical", "customer_service"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.load(role=role)
        wizard = self.env["quality.complaint.holiday.wizard"].create({"year": 2026})
        with self.assertRaisesRegex(UserError, "Quality manager"):
            wizard.with_user(self.users["technical"]).action_load()
        stranger = new_test_user(
            self.env,
            login="qc_stranger_quality",
            groups="quality_complaint.group_quality_manager",
            company_id=self.other_company.id,
            company_ids=[self.other_company.id],
        )
        with self.assertRaisesRegex(AccessError, "your own companies"):
            self.env["quality.complaint.holiday.wizard"].with_user(stranger).create(
                {"year": 2026, "company_id": self.company.id, "country_id": self.china.id}
            ).action_load()
        self.assertFalse(self.days_off())
