from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestRatings(ComplaintCase):
    """A customer's ratings stay in their company and, once answered, as they were given."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.question = cls.env["quality.satisfaction.question"].create(
            {"name": "Competence", "is_default": False}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Lab"})
        cls.other_service = new_test_user(
            cls.env,
            login="qc_other_service",
            groups="quality_complaint.group_customer_service",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )

    def _response(self, survey_type="periodic"):
        survey = self.env["quality.satisfaction.survey"]._qc_import_records(
            [
                {
                    "name": f"Survey {survey_type}",
                    "survey_type": survey_type,
                    "date_start": date(2026, 1, 5),
                    "date_end": date(2026, 3, 31),
                    "question_ids": [(6, 0, self.question.ids)],
                    "state": "open",
                }
            ]
        )
        return self.env["quality.satisfaction.response"].create(
            {"survey_id": survey.id, "partner_id": self.customer.id}
        )

    def _answered(self):
        response = self._response()
        response._qc_submit_answers({f"rating_{self.question.id}": "4", "suggestion": "Faster, please."})
        self.assertEqual(response.answer_source, "link")
        return response

    def test_another_company_neither_reads_nor_rewrites_the_ratings(self):
        line = self._answered().line_ids
        Line = self.env["quality.satisfaction.response.line"].with_user(self.other_service)
        self.assertFalse(Line.search([("id", "=", line.id)]))
        with self.assertRaises(AccessError):
            line.with_user(self.other_service).read(["rating"])
        with self.assertRaises(AccessError):
            line.with_user(self.other_service).write({"rating": 1})

    def test_answered_ratings_are_not_rewritable(self):
        response = self._answered()
        service = self.users["customer_service"]
        other_question = self.env["quality.satisfaction.question"].create(
            {"name": "Turnaround", "is_default": False}
        )
        with self.assertRaises(UserError):
            response.line_ids.with_user(service).write({"rating": 1})
        with self.assertRaises(UserError):
            self.env["quality.satisfaction.response.line"].with_user(service).create(
                {"response_id": response.id, "question_id": other_question.id, "rating": 1}
            )
        with self.assertRaises(UserError):
            response.with_user(service).write({"line_ids": [(1, response.line_ids.id, {"rating": 1})]})
        with self.assertRaises(UserError):
            response.with_user(service).write({"suggestion": "All perfect."})
        with self.assertRaises(UserError):
            response.line_ids.sudo().write({"rating": 2})
        self.assertEqual(response.line_ids.rating, 4)
        self.assertEqual(response.suggestion, "Faster, please.")

    def test_a_paper_form_is_its_own_step_recorded_as_such(self):
        response = self._response(survey_type="onsite")
        service = self.users["customer_service"]
        response.with_user(service).write(
            {
                "line_ids": [(0, 0, {"question_id": self.question.id, "rating": 5})],
                # An on-site form comes back signed or stamped (tests/test_survey_plan.py).
                "return_authentication": "signature",
                "return_signed_by": "Ms. Li",
            }
        )
        with self.assertRaises(UserError):
            response.with_user(self.users["department"]).action_enter_paper_form()
        with self.assertRaises(UserError):
            response.with_user(service).write({"state": "answered"})
        response.with_user(service).action_enter_paper_form()
        self.assertEqual(
            (response.state, response.answer_source, response.entered_by_id), ("answered", "paper", service)
        )
        with self.assertRaises(UserError):
            response.line_ids.with_user(service).write({"rating": 1})
