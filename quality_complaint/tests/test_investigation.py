from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_investigation import InvestigationCase

NINE_CHECKS = [
    "Test basis / standard valid",
    "Instruments within calibration",
    "Method followed, deviations",
    "Procedure and quality control",
    "Environmental conditions",
    "Data processing and calculation",
    "Raw records",
    "Sample and retained sample",
    "Conclusion",
]


@tagged("post_install", "-at_install")
class TestInvestigation(InvestigationCase):
    # V1 ----------------------------------------------------------------
    def test_v1_record_with_investigators_dates_findings_evidence_and_contacts(self):
        case = self.dispute_case()
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.users["technical"])
            .create({"name": "raw-record.pdf", "raw": b"%PDF raw record"})
        )
        investigation = self.investigation(
            case,
            investigator_ids=[(6, 0, self.users["supervisor"].ids)],
            findings="ICP-MS calibration in order.",
            evidence_attachment_ids=[(6, 0, attachment.ids)],
            contact_ids=[(0, 0, {"method": "phone", "summary": "Told Mr. Zhou a re-test is planned."})],
        )
        self.assertTrue(investigation.name.startswith("INV/"))
        self.assertTrue(investigation.start_date)
        self.assertEqual(investigation.contact_ids.user_id, self.users["technical"])
        self.assertEqual(investigation.evidence_attachment_ids, attachment)
        self.assertEqual(
            case.state, "investigation", "opening an investigation starts the investigation step"
        )
        self.assertEqual(case.investigation_ids, investigation)
        self.assertLessEqual(self.users["technical"] | self.users["supervisor"], case.investigator_ids)

    def test_v1_v3_involved_people_may_not_investigate(self):
        case = self.dispute_case(involved_user_ids=[(6, 0, self.users["supervisor"].ids)])
        with self.assertRaises(ValidationError):
            self.investigation(case, investigator_ids=[(6, 0, self.users["supervisor"].ids)])
        investigation = self.investigation(case)
        with self.assertRaises(ValidationError):
            investigation.investigator_ids = self.users["supervisor"]

    def test_v1_end_date_not_before_start(self):
        investigation = self.investigation()
        with self.assertRaises(ValidationError):
            investigation.end_date = investigation.start_date.replace(year=2000)

    # V2 ----------------------------------------------------------------
    def test_v2_result_dispute_starts_with_the_nine_checks(self):
        investigation = self.investigation()
        self.assertEqual(
            investigation.template_id, self.env.ref("quality_complaint.checklist_result_dispute")
        )
        self.assertEqual(investigation.check_ids.mapped("name"), NINE_CHECKS)
        self.assertFalse(any(investigation.check_ids.mapped("result")))

    def test_v2_templates_are_configurable_records(self):
        sampling = self.env.ref("quality_complaint.category_sampling")
        template = (
            self.env["quality.complaint.checklist.template"]
            .with_user(self.users["quality"])
            .create(
                {
                    "name": "Sampling",
                    "category_ids": [(6, 0, sampling.ids)],
                    "line_ids": [
                        (0, 0, {"name": "Sampling plan followed"}),
                        (0, 0, {"name": "Chain of custody"}),
                    ],
                }
            )
        )
        investigation = self.investigation(self.acknowledged_case(category_id=sampling.id))
        self.assertEqual(investigation.template_id, template)
        self.assertEqual(
            investigation.check_ids.mapped("name"), ["Sampling plan followed", "Chain of custody"]
        )
        with self.assertRaises(AccessError):
            template.with_user(self.users["technical"]).name = "Changed"

    def test_v2_checklist_loads_on_demand_once(self):
        investigation = self.investigation(self.acknowledged_case(), template_id=False)
        self.assertFalse(investigation.check_ids)
        with self.assertRaises(UserError):
            investigation.action_load_checklist()
        investigation.template_id = self.env.ref("quality_complaint.checklist_result_dispute")
        self.assertIs(investigation.action_load_checklist(), True)
        self.assertEqual(len(investigation.check_ids), 9)
        with self.assertRaises(UserError):
            investigation.action_load_checklist()

    def test_v2_failed_check_requires_a_note(self):
        check = self.investigation().check_ids[1]
        with self.assertRaises(ValidationError):
            check.result = "fail"
        check.write({"result": "fail", "note": "Balance overdue for calibration."})
        check.result = "na"
        self.assertEqual(check.result, "na")

    def test_v2_every_check_answered_before_completion(self):
        investigation = self.investigation(findings="All fine.")
        investigation.check_ids[:8].write({"result": "pass"})
        with self.assertRaisesRegex(UserError, "1 left"):
            investigation.with_user(self.users["technical"]).action_complete()
        self.assertEqual(investigation.state, "in_progress")

    # V4 ----------------------------------------------------------------
    def test_v4_failed_checks_require_root_cause_and_fishbone_category(self):
        investigation = self.investigation(findings="Reference standard overdue.")
        investigation.check_ids.write({"result": "pass"})
        investigation.check_ids[1].write({"result": "fail", "note": "Calibrator overdue."})
        with self.assertRaisesRegex(UserError, "root cause"):
            investigation.with_user(self.users["technical"]).action_complete()
        investigation.write(
            {
                "why_1": "Error too large",
                "why_2": "Reference drifted",
                "why_3": "Overdue",
                "root_cause": "No status check of the standard before use.",
                "root_cause_category": "machine",
            }
        )
        self.assertIs(investigation.with_user(self.users["technical"]).action_complete(), True)
        self.assertEqual(investigation.state, "done")
        self.assertEqual(investigation.completed_by_id, self.users["technical"])
        self.assertTrue(investigation.end_date)

    def test_completed_investigation_is_frozen_until_reopened(self):
        investigation = self.complete(self.investigation())
        with self.assertRaises(UserError):
            investigation.findings = "Changed afterwards"
        with self.assertRaises(UserError):
            investigation.check_ids[0].note = "Changed afterwards"
        self.assertIs(investigation.with_user(self.users["technical"]).action_reopen(), True)
        investigation.findings = "Completed with the raw records."
        self.assertEqual(investigation.state, "in_progress")

    def test_investigation_records_are_never_deleted(self):
        investigation = self.investigation()
        with self.assertRaises(UserError):
            investigation.check_ids[0].unlink()
        with self.assertRaises(UserError):
            investigation.unlink()

    # Gate: result disputes reach `decision` only once investigated --------
    def test_result_dispute_cannot_reach_decision_before_investigation_completed(self):
        case = self.dispute_case(validity="valid", resolution="Corrected report issued.")
        technical = self.users["technical"]
        case.no_investigation_reason = "Obvious typing error."
        with self.assertRaisesRegex(UserError, "complete its investigation"):
            case.with_user(technical).action_submit_decision()
        investigation = self.investigation(case)
        with self.assertRaisesRegex(UserError, "complete its investigation"):
            case.with_user(technical).action_submit_decision()
        self.assertEqual(case.state, "investigation")
        self.complete(investigation)
        self.assertIs(case.with_user(technical).action_submit_decision(), True)
        self.assertEqual(case.state, "decision")

    def test_other_categories_keep_the_no_investigation_path(self):
        case = self.acknowledged_case(
            validity="invalid",
            invalid_reason="misunderstanding",
            resolution="Explained.",
            no_investigation_reason="Turnaround was as agreed.",
        )
        case.with_user(self.users["technical"]).action_submit_decision()
        self.assertEqual(case.state, "decision")

    # Roles (issue item 7) -----------------------------------------------
    def test_roles_technical_manager_runs_supervisor_assists_department_reads(self):
        case = self.dispute_case()
        with self.assertRaises(AccessError):
            self.investigation(case, role="supervisor")
        investigation = self.investigation(case, investigator_ids=[(6, 0, self.users["supervisor"].ids)])
        other = self.investigation(case)

        supervisor = self.users["supervisor"]
        investigation.with_user(supervisor).findings = "Raw records checked."
        investigation.check_ids[0].with_user(supervisor).write({"result": "pass", "note": "Current edition."})
        investigation.with_user(supervisor).contact_ids = [(0, 0, {"summary": "Called the customer."})]
        with self.assertRaises(AccessError):
            other.with_user(supervisor).findings = "Not assigned to me"
        with self.assertRaisesRegex(UserError, "Technical manager"):
            investigation.with_user(supervisor).action_complete()

        department = self.users["department"]
        self.assertFalse(self.Investigation.with_user(department).search([("id", "=", investigation.id)]))
        investigation.investigator_ids |= department
        self.assertEqual(
            self.Investigation.with_user(department).search([("complaint_id", "=", case.id)]),
            investigation | other,
        )
        self.assertEqual(case.with_user(department).investigation_ids, investigation | other)
        with self.assertRaises(AccessError):
            investigation.with_user(department).findings = "Departments read, supervisors assist"

    def test_roles_auditor_and_records_read_but_never_write(self):
        investigation = self.investigation()
        for role in ("auditor", "records", "customer_service"):
            user = self.users[role]
            self.assertEqual(
                self.Investigation.with_user(user).search([("id", "=", investigation.id)]), investigation
            )
            with self.assertRaises(AccessError):
                investigation.with_user(user).findings = "Changed"

    def test_roles_involved_technical_manager_may_not_complete(self):
        case = self.dispute_case()
        investigation = self.investigation(case, role="quality")
        investigation.check_ids.write({"result": "pass"})
        investigation.findings = "All fine."
        case.involved_user_ids = self.users["technical"]
        with self.assertRaisesRegex(UserError, "impartiality"):
            investigation.with_user(self.users["technical"]).action_complete()
