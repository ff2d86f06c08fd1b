from datetime import date
from urllib.parse import urlencode

from odoo.tests import tagged

from .common_public import PublicCase


@tagged("post_install", "-at_install")
class TestPublicTours(PublicCase):
    """A real browser (Chromium) on the public pages."""

    def test_qr_link_form_tour(self):
        query = urlencode(
            {"report": "R-2026-0042", "sig": self.Complaint._qc_report_signature("R-2026-0042")}
        )
        self.start_tour(f"/complaint?{query}", "quality_complaint_qr_form")
        case = self.Complaint.search([("report_ref", "=", "R-2026-0042")])
        self.assertEqual(len(case), 1)
        self.assertEqual(case.channel, "web")
        self.assertTrue(case.report_ref_verified)
        self.assertTrue(case.privacy_consent)
        self.assertEqual(case.complainant_email, "li.na@example.com")

    def test_survey_answer_tour(self):
        Question = self.env["quality.satisfaction.question"]
        first = Question.create({"name": "Competence", "sequence": 1, "is_default": False})
        second = Question.create({"name": "Turnaround", "sequence": 2, "is_default": False})
        survey = self.env["quality.satisfaction.survey"]._qc_import_records(
            [
                {
                    "name": "Tour survey",
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 3, 31),
                    "question_ids": [(6, 0, (first | second).ids)],
                    "state": "open",
                }
            ]
        )
        customer = self.env["res.partner"].create({"name": "Tour customer", "email": "tour@example.com"})
        response = self.env["quality.satisfaction.response"].create(
            {"survey_id": survey.id, "partner_id": customer.id}
        )
        self.start_tour(f"/satisfaction/{response.access_token}", "quality_complaint_survey_answer")
        self.assertEqual(response.state, "answered")
        self.assertEqual({line.question_id: line.rating for line in response.line_ids}, {first: 5, second: 2})
        self.assertTrue(response.is_dissatisfied)
        self.assertEqual(response.suggestion, "Please answer the phone faster.")
