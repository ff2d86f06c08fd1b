import re
from datetime import date, datetime

from odoo.tests import tagged

from .common_investigation import InvestigationCase


@tagged("post_install", "-at_install")
class TestEveryReport(InvestigationCase):
    """Every report of the module prints, as PDF and as HTML, for every demo
    record of its model and for records that went through every step, with
    their tracked changes written (as they are once a transaction commits)."""

    def _commit_tracking(self):
        """Write what a commit would: pending ORM writes, then the tracking
        values the precommit hooks create."""
        self.env.flush_all()
        self.env.cr.flush()

    def _one_by_one(self, *steps):
        """Each step after the last one's changes were committed, as when
        people click one button after the other."""
        for step in steps:
            self._commit_tracking()
            step()
        self._commit_tracking()

    def _walked_dispute_case(self):
        """A result dispute taken through every step, with a pause, a re-test
        that confirms the complaint, nonconforming work and a closed CAPA."""
        users = self.users
        case = self.make_case(
            category_id=self.result_dispute.id,
            report_ref="SP-2026-04127",
            department_id=self.department.id,
            concerns_lab="yes",
            summary="Lead value disputed",
        )
        self._one_by_one(
            lambda: case.with_user(users["customer_service"]).action_acknowledge(),
            lambda: case.write({"hold_reason": "Waiting for the retained sample."}),
            lambda: case.with_user(users["customer_service"]).action_put_on_hold(),
            lambda: case.with_user(users["customer_service"]).action_resume(),
            lambda: case.with_user(users["supervisor"]).action_start_investigation(),
        )
        investigation = self.complete(self.investigation(case))
        self._commit_tracking()
        retest = self.retest(
            case,
            retest=0.08,
            investigation_id=investigation.id,
            corrected_report_ref="SP-2026-04127-R1",
            compensation_amount=500,
        )
        retest.with_user(users["technical"]).action_confirm_result()
        self._commit_tracking()
        case.nonconforming_ids.with_user(users["technical"]).action_confirm()
        capa = case.capa_ids
        capa.line_ids = [
            (
                0,
                0,
                {
                    "name": "Recalibrate",
                    "responsible_id": users["department"].id,
                    "due_date": date(2026, 4, 10),
                },
            )
        ]
        self._commit_tracking()
        capa.with_user(users["quality"]).action_open()
        capa.line_ids.write({"done_date": date(2026, 4, 9), "evidence": "Calibration certificate CC-88."})
        capa.with_user(users["quality"]).action_mark_implemented()
        capa.with_user(users["quality"]).record_effectiveness("effective", "No repeat in three months.")
        capa.with_user(users["quality"]).action_close()
        self._one_by_one(
            lambda: case.write({"resolution": "Corrected report issued; fee refunded."}),
            lambda: case.with_user(users["technical"]).action_submit_decision(),
            lambda: case.with_user(users["top"]).action_approve(),
            lambda: case.with_user(users["customer_service"]).action_send_reply(),
            lambda: case.with_user(users["customer_service"]).action_accept_outcome(),
            lambda: case.with_user(users["customer_service"]).action_close(),
        )
        self.assertEqual(case.state, "closed")
        return case

    def _walked_rejected_case(self):
        """A case answered late, overdue, rejected by the complainant; its follow-up is cancelled."""
        users = self.users
        case = self.acknowledged_case(no_investigation_reason="Clerical error, shown on the phone.")
        self._commit_tracking()
        case.late_notice_reason = "The retained sample is at the subcontractor."
        case.with_user(users["customer_service"]).action_send_late_notice()
        case._process_overdue(datetime(2026, 6, 1))
        case.write({"validity": "invalid", "invalid_reason": "misunderstanding", "resolution": "Explained."})
        self._commit_tracking()
        case.with_user(users["technical"]).action_submit_decision()
        case.with_user(users["quality"]).action_approve()
        case.with_user(users["customer_service"]).action_send_reply()
        self._commit_tracking()
        follow_up = self.Complaint.browse(
            case.with_user(users["customer_service"]).action_reject_outcome()["res_id"]
        )
        self._commit_tracking()
        follow_up.cancel_reason = "Withdrawn by the complainant."
        follow_up.with_user(users["supervisor"]).action_cancel()
        self._commit_tracking()
        return case | follow_up

    def _walked_survey(self):
        customer = self.env["res.partner"].create({"name": "Survey customer", "email": "s@example.com"})
        survey = self.env["quality.satisfaction.survey"].create(
            {"name": "Q2 2026", "date_start": date(2026, 4, 1), "date_end": date(2026, 6, 30)}
        )
        survey.partner_ids = customer
        survey.with_user(self.users["quality"]).action_open()
        response = survey.response_ids
        response._qc_submit_answers({f"rating_{question.id}": "4" for question in survey.question_ids})
        self._commit_tracking()
        survey.with_user(self.users["quality"]).action_close()
        self._commit_tracking()
        return survey

    def _demo_records(self, model):
        return (
            self.env[model]
            .browse(
                self.env["ir.model.data"]
                .search([("module", "=", "quality_complaint"), ("model", "=", model)])
                .mapped("res_id")
            )
            .exists()
        )

    def test_every_report_prints_every_record(self):
        dispute = self._walked_dispute_case()
        rejected = self._walked_rejected_case()
        # The crash printed only with tracking values: make sure there are some.
        tracked = dispute.message_ids.sudo().tracking_value_ids
        self.assertIn("state", tracked.field_id.mapped("name"))
        self.assertTrue(rejected.message_ids.sudo().tracking_value_ids)
        walked = {
            "quality.complaint": dispute | rejected,
            "quality.complaint.investigation": dispute.investigation_ids,
            "quality.complaint.retest": dispute.retest_ids,
            "quality.corrective.action": dispute.capa_ids,
            "quality.satisfaction.survey": self._walked_survey(),
            "quality.complaint.dashboard": self.env["quality.complaint.dashboard"].create(
                [
                    {"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)},
                    {"date_from": date(2020, 1, 1), "date_to": date.today()},
                ]
            ),
            "quality.complaint.qr.label.wizard": self.env["quality.complaint.qr.label.wizard"].create(
                {"report_refs": "SP-2026-04127\nSP-2026-04128"}
            ),
            "res.company": self.env.company,
            # Issued when printed first: the file is kept then.
            "quality.complaint.evidence.pack": self.env["quality.complaint.evidence.pack"].create(
                {
                    "company_id": self.env.company.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "issued_by_id": self.users["top"].id,
                    "issued_date": datetime(2026, 12, 31, 8, 0),
                }
            ),
        }
        reports = self.env["ir.actions.report"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "quality_complaint"), ("model", "=", "ir.actions.report")])
            .mapped("res_id")
        )
        self.assertEqual(len(reports), 16)
        Report = self.env["ir.actions.report"].with_user(self.users["top"]).with_context(tz="Asia/Shanghai")
        # Odoo waits a second per PDF for scripts to run; these reports have none.
        self.env["ir.config_parameter"].set_param("report.print_delay", "0")
        # wkhtmltopdf fetches the report styles from this server, which then shares the test's cursor.
        with self.allow_pdf_render():
            for report in reports:
                records = walked.get(report.model, self.env[report.model]) | self._demo_records(report.model)
                self.assertTrue(records, f"{report.report_name} has nothing to print")
                for record in records:
                    with self.subTest(report=report.report_name, record=record.display_name):
                        html = Report._render_qweb_html(report.report_name, record.ids)[0].decode()
                        self.assertIn('class="page', html)
                        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                            report.report_name, record.ids
                        )[0]
                        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_record_report_writes_the_tracked_changes(self):
        case = self._walked_dispute_case()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.users["quality"])
            ._render_qweb_html("quality_complaint.action_report_complaint_record", case.ids)[0]
            .decode()
        )
        changes = {
            " ".join(change.split()) for change in re.findall(r'o_qc_tracked_change">(.*?)</div>', html, re.S)
        }
        symbol = case.currency_id.symbol
        for change in (
            "State: New → Acknowledged",
            "State: Approved → Replied",
            f"Compensation Amount: {symbol} 0.00 → {symbol} 500.00",
            "Approved by: → QC top",
            "Compensation Proposed: No → Yes",
        ):
            self.assertIn(change, changes)
