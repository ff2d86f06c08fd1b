from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestSurveyPlan(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["quality.satisfaction.plan"]
        cls.plan = cls.Plan.with_user(cls.users["quality"]).create(
            {"name": "Customer satisfaction", "partner_ids": [(6, 0, cls.customer.ids)]}
        )

    def test_four_campaigns_a_year_created_and_started(self):
        for day in (
            date(2026, 1, 2),
            date(2026, 2, 15),
            date(2026, 4, 1),
            date(2026, 8, 31),
            date(2026, 12, 31),
        ):
            self.Plan._cron_start_planned_surveys(day)
        campaigns = self.plan.survey_ids.sorted("date_start")
        self.assertEqual(
            campaigns.mapped("date_start"),
            [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)],
        )
        self.assertEqual(campaigns[-1].date_end, date(2026, 12, 31))
        self.assertEqual(set(campaigns.mapped("state")), {"open"})
        self.assertEqual(campaigns.response_ids.partner_id, self.customer, "each customer invited")

    def test_a_plan_needs_customers_to_reach(self):
        with self.assertRaises(ValidationError):
            self.Plan.with_user(self.users["quality"]).create(
                {
                    "name": "Nobody",
                    "partner_ids": [(6, 0, self.env["res.partner"].create({"name": "No mail"}).ids)],
                }
            )

    def test_starting_now_is_for_customer_service_and_above(self):
        with self.assertRaises(UserError):
            self.plan.with_user(self.users["department"]).action_start_now()
        self.plan.with_user(self.users["customer_service"]).action_start_now()
        self.assertEqual(self.plan.survey_ids.state, "open")


@tagged("post_install", "-at_install")
class TestOnsiteForm(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        survey = cls.env["quality.satisfaction.survey"]._qc_import_records(
            [
                {
                    "name": "On-site sampling",
                    "survey_type": "onsite",
                    "date_start": date(2026, 3, 1),
                    "date_end": date(2026, 4, 30),
                    "state": "open",
                }
            ]
        )
        cls.response = cls.env["quality.satisfaction.response"].create(
            {"survey_id": survey.id, "partner_id": cls.customer.id}
        )
        cls.response._qc_import_history({"invite_date": datetime(2026, 3, 2, 2, 0)})

    def test_fifteen_working_days_from_the_end_of_the_service(self):
        # Service ended Friday 13 March 2026; 15 working days later is Friday 3 April.
        self.response.service_end_date = date(2026, 3, 13)
        self.assertEqual(self.response.return_deadline, date(2026, 4, 3))

    def test_paper_form_needs_its_signature_or_stamp(self):
        response = self.response.with_user(self.users["customer_service"])
        question = self.env["quality.satisfaction.question"].search([], limit=1)
        response.write({"line_ids": [(0, 0, {"question_id": question.id, "rating": 5})]})
        with self.assertRaises(UserError):
            response.action_enter_paper_form()
        response.write(
            {"return_authentication": "stamp", "return_signed_by": "Quality department, Huaxin Foods"}
        )
        response.action_enter_paper_form()
        self.assertEqual(response.state, "answered")
