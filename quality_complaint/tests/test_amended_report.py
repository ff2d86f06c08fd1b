import shutil
import subprocess

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestAmendedReport(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls.make_case(cls, concerns_lab="yes", report_ref="R-2026-0051")
        cls.case.with_user(cls.users["customer_service"]).action_acknowledge()
        cls.Statement = cls.env["quality.complaint.amended.report"].with_user(cls.users["technical"])

    def _statement(self, **values):
        return self.Statement.create(
            dict(
                {
                    "complaint_id": self.case.id,
                    "amended_report_ref": "R-2026-0051-A",
                    "changes": "Fluoride: 1.6 mg/L corrected to 0.80 mg/L.",
                    "reason": "A dilution factor was applied twice.",
                },
                **values,
            )
        )

    def test_cites_the_report_of_the_case_it_replaces(self):
        self.assertEqual(self._statement().original_report_ref, "R-2026-0051")

    def test_amended_report_has_its_own_number(self):
        with self.assertRaises(ValidationError):
            self._statement(amended_report_ref="R-2026-0051")

    def test_issued_by_the_technical_manager_then_locked(self):
        statement = self._statement()
        with self.assertRaises(UserError):
            statement.with_user(self.users["customer_service"]).action_issue()
        statement.action_issue()
        self.assertEqual(statement.issued_by_id, self.users["technical"])
        with self.assertRaises(StepRequired):
            statement.write({"changes": "Something else."})


@tagged("post_install", "-at_install")
class TestAmendedReportPdf(HttpCase):
    """The printed statement, rendered by wkhtmltopdf (which fetches the assets
    from the test server) and read back with pdftotext."""

    def test_printed_statement_names_both_reports_in_the_complainants_language(self):
        if not shutil.which("pdftotext"):
            self.fail("pdftotext is missing: install poppler-utils (scripts/bootstrap.sh does)")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        case = self.env["quality.complaint"].create(
            {
                "description": "氟化物结果有误。",
                "report_ref": "R-2026-0051",
                "concerns_lab": "yes",
                "lang": "zh_CN",
            }
        )
        case.action_acknowledge()
        statement = self.env["quality.complaint.amended.report"].create(
            {
                "complaint_id": case.id,
                "amended_report_ref": "R-2026-0051-A",
                "changes": "Fluoride: 1.6 mg/L corrected to 0.80 mg/L.",
                "reason": "A dilution factor was applied twice.",
            }
        )
        statement.action_issue()
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="en_US")
            ._render_qweb_pdf("quality_complaint.action_report_amended_statement", statement.ids)
        )
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        for expected in (
            "更改检测报告的声明",
            "R-2026-0051-A",
            "替代的原报告",
            "原报告已撤回",
            "QP-7.8-01",
            "applied twice",
        ):
            self.assertIn(expected, text)
        self.assertRegex(text, r"替代的原报告\s+R-2026-0051\n")
