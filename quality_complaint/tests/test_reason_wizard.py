from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..models.quality_complaint import RECORDED_FACTS
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestReasonWizard(ComplaintCase):
    """The dialog of the steps that take input: it collects it and runs the case's step."""

    def wizard_form(self, role, case, step):
        Wizard = self.env["quality.complaint.reason.wizard"].with_user(self.users[role])
        return Form(Wizard.with_context(default_complaint_ids=case.ids, default_step=step))

    def notes(self, case):
        return "\n".join(case.message_ids.filtered(lambda m: m.subtype_id.internal).mapped("body"))

    def test_every_recorded_fact_has_an_input_of_its_type(self):
        Wizard = self.env["quality.complaint.reason.wizard"]
        self.assertEqual({name for name, _label in Wizard._selection_fact_field()}, RECORDED_FACTS)
        for name in RECORDED_FACTS:
            fact = self.Complaint._fields[name]
            value_input = Wizard._fields[Wizard.new({"fact_field": name}).fact_input]
            self.assertEqual(value_input.type, fact.type, name)
            if fact.type == "many2one":
                self.assertEqual(value_input.comodel_name, fact.comodel_name, name)
            if fact.type == "selection":
                self.assertEqual(value_input.get_values(self.env), fact.get_values(self.env), name)

    def test_correct_a_fact_starting_from_the_value_on_record(self):
        case = self.acknowledged_case(report_ref="R-2026-0533")
        with self.wizard_form("customer_service", case, "correct_fact") as wizard:
            wizard.fact_field = "report_ref"
            self.assertEqual(wizard.new_char, "R-2026-0533")
            wizard.new_char = "R-2026-0535"
            wizard.reason = "Digits swapped at registration."
        wizard.record.action_confirm()
        self.assertEqual(case.report_ref, "R-2026-0535")
        self.assertIn("R-2026-0533", self.notes(case))
        self.assertIn("Digits swapped at registration.", self.notes(case))

    def test_correct_a_date_and_a_product(self):
        case = self.acknowledged_case()
        product = self.env["product.product"].create({"name": "Lead in rice, ICP-MS"})
        for fact, value_input, value in (
            ("received_date", "new_datetime", datetime(2026, 3, 1, 2, 0)),
            ("product_id", "new_product_id", product),
        ):
            with self.wizard_form("customer_service", case, "correct_fact") as wizard:
                wizard.fact_field = fact
                setattr(wizard, value_input, value)
                wizard.reason = "Typed wrong."
            wizard.record.action_confirm()
            self.assertEqual(case[fact], value)

    def test_reopen_the_decision(self):
        case = self.acknowledged_case()
        case._qc_import_history(
            {"state": "decision", "decider_id": self.users["technical"].id, "decision_date": datetime.now()}
        )
        with self.wizard_form("quality", case, "reopen_decision") as wizard:
            wizard.reason = "The re-test result came in after the decision."
        wizard.record.action_confirm()
        self.assertEqual((case.state, case.decider_id), ("acknowledged", self.env["res.users"]))
        self.assertIn("The re-test result came in after the decision.", self.notes(case))

    def test_remove_an_involved_person_offers_only_the_involved(self):
        involved = self.users["technical"] | self.users["supervisor"]
        case = self.acknowledged_case(involved_user_ids=[(6, 0, involved.ids)])
        with self.wizard_form("quality", case, "remove_involved") as wizard:
            self.assertEqual(set(wizard.case_involved_user_ids), set(involved))
            wizard.involved_user_id = self.users["supervisor"]
            wizard.reason = "Entered on the wrong case."
        wizard.record.action_confirm()
        self.assertEqual(case.involved_user_ids, self.users["technical"])

    def test_lower_a_protection(self):
        case = self.acknowledged_case(confidential=True)
        with self.wizard_form("quality", case, "lower_protection") as wizard:
            wizard.protection_flag = "confidential"
            wizard.reason = "The complainant asked to be named."
        wizard.record.action_confirm()
        self.assertFalse(case.confidential)

    def test_the_step_decides_who_may_take_it(self):
        case = self.acknowledged_case(involved_user_ids=[(6, 0, self.users["technical"].ids)])
        with self.wizard_form("customer_service", case, "remove_involved") as wizard:
            wizard.involved_user_id = self.users["technical"]
            wizard.reason = "Not involved after all."
        with self.assertRaisesRegex(UserError, "Only the role"):
            wizard.record.action_confirm()
        self.assertEqual(case.involved_user_ids, self.users["technical"])
