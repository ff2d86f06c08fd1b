from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_investigation import InvestigationCase


@tagged("post_install", "-at_install")
class TestNonconformingWork(InvestigationCase):
    def _ncw(self, case, **values):
        return (
            self.env["quality.nonconforming.work"]
            .with_user(self.users["technical"])
            .create(
                {
                    "complaint_id": case.id,
                    "description": "Calibration with an overdue reference standard.",
                    "classification": "serious",
                    "disposition": "report_recall",
                    "department_id": self.department.id,
                    **values,
                }
            )
        )

    def test_v7_classification_disposition_and_department(self):
        ncw = self._ncw(self.dispute_case(), disposition=False)
        self.assertTrue(ncw.name.startswith("NCW/"))
        with self.assertRaisesRegex(UserError, "disposition"):
            ncw.with_user(self.users["technical"]).action_confirm()
        ncw.disposition = "compensation"
        self.assertIs(ncw.with_user(self.users["technical"]).action_confirm(), True)
        self.assertEqual((ncw.state, ncw.confirmed_by_id), ("confirmed", self.users["technical"]))
        self.assertEqual(
            [key for key, _label in ncw._fields["disposition"].selection],
            ["on_site_correction", "apology", "re_service", "report_recall", "compensation", "legal_route"],
        )
        self.assertEqual(
            [key for key, _label in ncw._fields["classification"].selection],
            ["general", "moderate", "serious"],
        )

    def test_v7_confirmation_locks_the_evidence(self):
        case = self.dispute_case()
        investigation = self.investigation(case, contact_ids=[(0, 0, {"summary": "Called."})])
        retest = self.retest(case)
        ncw = self._ncw(case)
        investigation.findings = "Still editable before confirmation."
        ncw.with_user(self.users["technical"]).action_confirm()
        self.assertTrue(case.evidence_locked)
        self.assertTrue(investigation.evidence_locked)
        for record, field in (
            (investigation, "findings"),
            (investigation.check_ids[0], "note"),
            (investigation.contact_ids, "summary"),
            (retest, "outcome_note"),
            (ncw, "description"),
        ):
            with self.assertRaises(UserError, msg=record._name):
                record.write({field: "Altered afterwards"})
        with self.assertRaises(UserError):
            self.env["quality.complaint.investigation.contact"].create(
                {"investigation_id": investigation.id, "summary": "Added afterwards"}
            )

    def test_v7_evidence_files_of_a_locked_investigation_cannot_change(self):
        case = self.dispute_case()
        investigation = self.investigation(case)
        attachment = self.env["ir.attachment"].create(
            {
                "name": "raw.pdf",
                "raw": b"raw",
                "res_model": "quality.complaint.investigation",
                "res_id": investigation.id,
            }
        )
        investigation.evidence_attachment_ids = attachment
        self._ncw(case).with_user(self.users["technical"]).action_confirm()
        with self.assertRaises(UserError):
            attachment.write({"raw": b"altered"})
        with self.assertRaises(UserError):
            attachment.unlink()

    def test_v7_never_deleted_and_only_technical_manager_confirms(self):
        case = self.dispute_case()
        ncw = self._ncw(case)
        with self.assertRaisesRegex(UserError, "Technical manager"):
            ncw.with_user(self.users["supervisor"]).action_confirm()
        with self.assertRaises(AccessError):
            ncw.with_user(self.users["supervisor"]).description = "Changed"
        with self.assertRaises(UserError):
            ncw.unlink()

    def test_v7_department_members_read_their_department_records(self):
        ncw = self._ncw(self.dispute_case())
        other = self._ncw(self.dispute_case(), department_id=False)
        visible = self.env["quality.nonconforming.work"].with_user(self.users["department"]).search([])
        self.assertIn(ncw, visible)
        self.assertNotIn(other, visible)

    def test_create_capa_from_nonconforming_work(self):
        ncw = self._ncw(self.dispute_case())
        action = ncw.action_create_capa()
        self.assertEqual(action["res_model"], "quality.corrective.action")
        capa = self.Capa.with_context(**action["context"]).create(
            {"title": action["context"]["default_title"]}
        )
        self.assertEqual(
            (capa.source, capa.nonconforming_id, capa.complaint_id), ("nonconforming", ncw, ncw.complaint_id)
        )
