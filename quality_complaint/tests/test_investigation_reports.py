from datetime import date

from odoo.tests import tagged

from .common_investigation import InvestigationCase


@tagged("post_install", "-at_install")
class TestInvestigationReports(InvestigationCase):
    def _html(self, xmlid, records):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
        return html.decode()

    def test_investigation_report_has_checklist_and_root_cause(self):
        investigation = self.investigation(findings="Calibrator overdue.")
        investigation.check_ids[1].write({"result": "fail", "note": "CAL-STD-021 overdue by 12 days."})
        investigation.write(
            {
                "why_1": "Reference drifted",
                "root_cause": "No status check before use.",
                "root_cause_category": "machine",
            }
        )
        html = self._html("quality_complaint.action_report_investigation", investigation)
        for text in (
            investigation.name,
            "Instruments within calibration",
            "CAL-STD-021 overdue by 12 days.",
            "Fail",
            "Reference drifted",
            "No status check before use.",
            "Machine (equipment)",
            self.company.name,
        ):
            self.assertIn(text, html)

    def test_retest_record_states_the_consequence(self):
        case = self.dispute_case()
        retest = self.retest(case, retest=0.08, corrected_report_ref="SP-2026-04127-R1")
        retest.with_user(self.users["technical"]).action_confirm_result()
        html = self._html("quality_complaint.action_report_retest", retest)
        for text in (
            "Re-test record",
            "LY-2026-0412-07",
            "SP-2026-04127-R1",
            "withdrawn",
            self.users["quality"].name,
        ):
            self.assertIn(text, html)

    def test_8d_report_has_the_nine_disciplines(self):
        capa = self.capa(containment="Report recalled.", prevention="QP-14 revised.")
        capa.line_ids.write({"done_date": date(2026, 4, 9), "evidence": "Training record TR-33."})
        html = self._html("quality_complaint.action_report_capa", capa)
        for text in (
            "8D report",
            "D0",
            "D1",
            "D2",
            "D3",
            "D4",
            "D5",
            "D6",
            "D7",
            "D8",
            "Report recalled.",
            "Training record TR-33.",
        ):
            self.assertIn(text, html)
