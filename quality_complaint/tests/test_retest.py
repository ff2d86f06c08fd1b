from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_investigation import InvestigationCase


@tagged("post_install", "-at_install")
class TestRetest(InvestigationCase):
    def test_v5_outcome_from_values_and_tolerance(self):
        case = self.dispute_case()
        within = self.retest(case, original=0.25, retest=0.23, tolerance=0.02)
        self.assertEqual(within.outcome, "consistent")
        self.assertAlmostEqual(within.difference, -0.02)
        beyond = self.retest(case, original=0.25, retest=0.08, tolerance=0.02)
        self.assertEqual(beyond.outcome, "inconsistent")
        exact = self.retest(case, original=0.25, retest=0.25, tolerance=0)
        self.assertEqual(exact.outcome, "consistent")
        other_unit = self.retest(case, original=0.25, retest=250, retest_unit="µg/kg")
        self.assertFalse(other_unit.outcome, "different units: the technical manager decides")
        with self.assertRaises(ValidationError):
            self.retest(case, tolerance=-1)

    def test_v5_fee_defaults_from_settings_in_company_currency(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).retest_fee = 600
        retest = self.retest(self.dispute_case())
        self.assertEqual(retest.retest_fee, 600)
        self.assertEqual(retest.currency_id, self.company.currency_id)

    def test_v5_witness_is_a_quality_manager_not_involved(self):
        case = self.dispute_case()
        with self.assertRaisesRegex(ValidationError, "not a quality manager"):
            self.retest(case, witness_id=self.users["technical"].id)
        case.involved_user_ids = self.users["top"]
        with self.assertRaisesRegex(ValidationError, "impartiality"):
            self.retest(case, witness_id=self.users["top"].id)
        retest = self.retest(case, witness_id=False)
        with self.assertRaisesRegex(UserError, "witnessed"):
            retest.with_user(self.users["technical"]).action_confirm_result()
        self.assertEqual(retest.state, "draft")

    def test_v5_consistent_case_invalid_and_customer_pays(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).retest_fee = 600
        case = self.dispute_case()
        retest = self.retest(case)
        self.assertIs(retest.with_user(self.users["technical"]).action_confirm_result(), True)
        self.assertEqual(retest.state, "done")
        self.assertTrue(retest.fee_payable_by_customer)
        self.assertEqual(retest.confirmed_by_id, self.users["technical"])
        self.assertFalse(retest.report_withdrawn)
        self.assertEqual((case.validity, case.invalid_reason), ("invalid", "misunderstanding"))
        self.assertIn(retest.name, case.validity_reasoning)
        self.assertFalse(case.nonconforming_ids)
        self.assertFalse(case.capa_ids)
        self.assertFalse(case.requires_top_approval)

    def test_v5_inconsistent_withdraws_report_proposes_compensation_opens_ncw_and_capa(self):
        case = self.dispute_case()
        investigation = self.investigation(case)
        retest = self.retest(
            case,
            original=0.25,
            retest=0.08,
            investigation_id=investigation.id,
            corrected_report_ref="SP-2026-04127-R1",
            compensation_amount=2000,
        )
        self.assertEqual(retest.original_report_ref, "SP-2026-04127")
        retest.with_user(self.users["technical"]).action_confirm_result()
        self.assertTrue(retest.report_withdrawn)
        self.assertTrue(retest.withdrawn_date)
        self.assertFalse(retest.fee_payable_by_customer)
        self.assertEqual(case.validity, "valid")
        self.assertTrue(case.compensation_proposed)
        self.assertEqual(case.compensation_amount, 2000)
        self.assertTrue(case.requires_top_approval)
        ncw = case.nonconforming_ids
        self.assertEqual(ncw, retest.nonconforming_id)
        self.assertEqual(
            (ncw.retest_id, ncw.investigation_id, ncw.department_id), (retest, investigation, self.department)
        )
        self.assertEqual(ncw.disposition, "report_recall")
        self.assertIn("SP-2026-04127-R1", ncw.description)
        capa = case.capa_ids
        self.assertEqual(capa, retest.capa_id)
        self.assertEqual(
            (capa.capa_type, capa.source, capa.nonconforming_id), ("corrective", "nonconforming", ncw)
        )

    def test_v5_inconsistent_without_amount_still_needs_top_management(self):
        case = self.dispute_case(validity="valid", resolution="Corrected report issued.")
        investigation = self.complete(self.investigation(case))
        retest = self.retest(
            case, retest=0.08, corrected_report_ref="SP-2026-04127-R1", investigation_id=investigation.id
        )
        retest.with_user(self.users["technical"]).action_confirm_result()
        self.assertEqual(case.compensation_amount, 0)
        case.no_investigation_reason = False
        case.with_user(self.users["technical"]).action_submit_decision()
        with self.assertRaisesRegex(UserError, "Top management"):
            case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["top"]).action_approve()
        self.assertEqual(case.state, "approved")

    def test_v5_inconsistent_needs_the_corrected_report_number(self):
        case = self.dispute_case()
        retest = self.retest(case, retest=0.08)
        with self.assertRaisesRegex(UserError, "corrected report"):
            retest.with_user(self.users["technical"]).action_confirm_result()
        self.assertFalse(case.nonconforming_ids)
        with self.assertRaises(ValidationError):
            retest.corrected_report_ref = "SP-2026-04127"

    def test_v5_confirmed_retest_is_frozen_and_confirmed_once(self):
        case = self.dispute_case()
        retest = self.retest(case)
        retest.with_user(self.users["technical"]).action_confirm_result()
        with self.assertRaises(UserError):
            retest.retest_value = 0.3
        with self.assertRaises(UserError):
            retest.with_user(self.users["technical"]).action_confirm_result()
        with self.assertRaises(UserError):
            retest.unlink()

    def test_v5_no_retest_once_the_decision_is_taken(self):
        case = self.dispute_case(validity="valid", resolution="Corrected report.")
        retest = self.retest(case)
        self.complete(self.investigation(case))
        case.with_user(self.users["technical"]).action_submit_decision()
        with self.assertRaisesRegex(UserError, "past its investigation"):
            retest.with_user(self.users["technical"]).action_confirm_result()

    def test_roles_technical_manager_runs_retests(self):
        case = self.dispute_case()
        for role in ("supervisor", "customer_service", "auditor"):
            with self.assertRaises(AccessError):
                self.Retest.with_user(self.users[role]).create(
                    {"complaint_id": case.id, "retained_sample_ref": "LY-1"}
                )
        retest = self.retest(case)
        self.assertEqual(
            self.Retest.with_user(self.users["auditor"]).search([("id", "=", retest.id)]), retest
        )
        with self.assertRaisesRegex(UserError, "Technical manager"):
            retest.with_user(self.users["supervisor"]).action_confirm_result()
