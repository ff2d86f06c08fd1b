from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_investigation import InvestigationCase

DUE = date(2026, 4, 10)


@tagged("post_install", "-at_install")
class TestCorrectiveAction(InvestigationCase):
    def _finish_lines(self, capa):
        capa.line_ids.write({"done_date": date(2026, 4, 9), "evidence": "Procedure QP-14 rev. 3 issued."})

    def _implemented(self, **values):
        capa = self.capa(**values)
        capa.with_user(self.users["quality"]).action_open()
        self._finish_lines(capa)
        capa.with_user(self.users["quality"]).action_mark_implemented()
        return capa

    # C2: record ------------------------------------------------------------
    def test_c2_source_link_is_required(self):
        with self.assertRaisesRegex(ValidationError, "link its case"):
            self.capa(source="complaint", source_document=False)
        with self.assertRaisesRegex(ValidationError, "nonconforming"):
            self.capa(source="nonconforming", source_document=False)
        with self.assertRaisesRegex(ValidationError, "survey, audit or review"):
            self.capa(source="management_review", source_document=False)
        case = self.dispute_case()
        capa = self.capa(source="complaint", complaint_id=case.id)
        self.assertTrue(capa.name.startswith("CAPA/"))
        self.assertEqual(case.capa_ids, capa)
        self.assertFalse(capa.source_record)
        capa.source_record = f"quality.complaint,{case.id}"
        self.assertEqual(capa.source_record, case)

    def test_c2_states_draft_open_implemented_verified_closed(self):
        capa = self.capa(lines=0)
        quality = self.users["quality"]
        with self.assertRaisesRegex(UserError, "at least one action"):
            capa.with_user(quality).action_open()
        capa.line_ids = [
            (0, 0, {"name": "Revise QP-14", "responsible_id": self.users["department"].id, "due_date": DUE})
        ]
        self.assertIs(capa.with_user(quality).action_open(), True)
        self.assertEqual(capa.state, "open")
        with self.assertRaisesRegex(UserError, "unfinished"):
            capa.with_user(quality).action_mark_implemented()
        with self.assertRaisesRegex(ValidationError, "evidence"):
            capa.line_ids.done_date = date(2026, 4, 9)
        self._finish_lines(capa)
        capa.with_user(quality).action_mark_implemented()
        self.assertEqual(capa.state, "implemented")
        with self.assertRaisesRegex(UserError, "settled"):
            capa.line_ids.with_user(quality).name = "Changed after implementation"
        with self.assertRaisesRegex(UserError, "evidence"):
            capa.with_user(quality).record_effectiveness("effective", " ")
        capa.with_user(quality).record_effectiveness("effective", "No repeat in 3 months.")
        self.assertEqual(capa.state, "verified")
        self.assertEqual(
            (capa.effectiveness_result, capa.effectiveness_checked_by_id), ("effective", quality)
        )
        self.assertTrue(capa.effectiveness_check_date)
        capa.with_user(quality).action_close()
        self.assertEqual(capa.state, "closed")
        with self.assertRaises(UserError):
            capa.with_user(quality).title = "Changed after closing"
        with self.assertRaises(UserError):
            capa.unlink()

    def test_c2_ineffective_sends_it_back_to_open(self):
        capa = self._implemented()
        wizard = (
            self.env["quality.corrective.action.effectiveness"]
            .with_user(self.users["auditor"])
            .create(
                {
                    "capa_ids": [(6, 0, capa.ids)],
                    "result": "ineffective",
                    "note": "Same error found in audit.",
                }
            )
        )
        self.assertIs(wizard.action_confirm(), True)
        self.assertEqual((capa.state, capa.effectiveness_result), ("open", "ineffective"))
        self.assertEqual(capa.effectiveness_checked_by_id, self.users["auditor"])
        self.assertEqual(capa.ineffective_count, 1)
        capa.line_ids = [
            (
                0,
                0,
                {"name": "Interlock in LIMS", "responsible_id": self.users["department"].id, "due_date": DUE},
            )
        ]
        self.assertEqual(len(capa.line_ids), 2)

    def test_c2_effectiveness_only_by_quality_manager_or_internal_auditor(self):
        capa = self._implemented()
        for role in ("supervisor", "technical", "records", "department"):
            with self.assertRaises(UserError, msg=role):
                capa.with_user(self.users[role]).record_effectiveness("effective", "Looks fine.")
        self.assertEqual(capa.state, "implemented")
        with self.assertRaises(AccessError):
            capa.with_user(self.users["auditor"]).title = "Auditors only record the check"
        capa.with_user(self.users["auditor"]).record_effectiveness(
            "effective", "Audit sample of 20 reports clean."
        )
        self.assertEqual(capa.state, "verified")

    def test_c2_effectiveness_checker_not_involved_in_the_case(self):
        case = self.dispute_case(involved_user_ids=[(6, 0, self.users["quality"].ids)])
        capa = self._implemented(source="complaint", complaint_id=case.id)
        with self.assertRaisesRegex(UserError, "impartiality"):
            capa.with_user(self.users["quality"]).record_effectiveness("effective", "Fine.")

    # C1: valid cases close with a CAPA or a reason ---------------------------
    def _replied_valid_case(self):
        case = self.acknowledged_case(
            validity="valid",
            resolution="We apologise; reports now go out on time.",
            no_investigation_reason="Facts clear.",
        )
        case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        return case

    def test_c1_valid_case_needs_capa_or_reason_to_close(self):
        case = self._replied_valid_case()
        service = self.users["customer_service"]
        with self.assertRaisesRegex(UserError, "corrective action"):
            case.with_user(service).action_close()
        self.assertEqual(case.state, "replied")
        case.no_capa_reason = "One-off courier delay, no system cause."
        self.assertIs(case.with_user(service).action_close(), True)
        self.assertEqual(case.state, "closed")

    def test_c1_valid_case_with_a_capa_closes(self):
        case = self._replied_valid_case()
        self.capa(source="complaint", complaint_id=case.id)
        case.with_user(self.users["customer_service"]).action_close()
        self.assertEqual(case.state, "closed")

    def test_c1_invalid_case_closes_without_capa(self):
        case = self.acknowledged_case(
            validity="invalid",
            invalid_reason="misunderstanding",
            resolution="Explained.",
            no_investigation_reason="x",
        )
        case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        case.with_user(self.users["customer_service"]).action_close()
        self.assertEqual(case.state, "closed")

    # C3 --------------------------------------------------------------------
    def test_c3_capa_of_a_major_case_feeds_the_management_review(self):
        major = self.dispute_case(severity="major")
        self.assertTrue(self.capa(source="complaint", complaint_id=major.id).management_review_input)
        general = self.dispute_case()
        self.assertFalse(self.capa(source="complaint", complaint_id=general.id).management_review_input)

    # C4 and views ------------------------------------------------------------
    def test_c4_views_kanban_list_pivot_and_8d_form(self):
        views = self.Capa.get_views([(False, "kanban"), (False, "list"), (False, "pivot"), (False, "form")])
        self.assertEqual(set(views["views"]), {"kanban", "list", "pivot", "form"})
        form = views["views"]["form"]["arch"]
        for step in ("D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"):
            self.assertIn(step, form)

    # Roles -------------------------------------------------------------------
    def test_roles_department_sees_and_updates_only_its_action_lines(self):
        department = self.users["department"]
        mine = self.capa(lines=1)
        mine.line_ids = [
            (0, 0, {"name": "Someone else's", "responsible_id": self.users["supervisor"].id, "due_date": DUE})
        ]
        mine.with_user(self.users["quality"]).action_open()
        others = self.capa(lines=0)
        others.line_ids = [
            (0, 0, {"name": "Not mine", "responsible_id": self.users["supervisor"].id, "due_date": DUE})
        ]
        my_line = mine.line_ids.filtered(lambda line: line.responsible_id == department)
        # As in a fresh request: the superuser's writes above left every line in cache.
        self.env.flush_all()
        self.env.invalidate_all()
        Line = self.env["quality.corrective.action.line"].with_user(department)
        self.assertEqual(Line.search([]), my_line)
        self.assertEqual(self.Capa.with_user(department).search([]), mine)
        self.assertEqual(mine.with_user(department).line_ids, my_line)
        my_line.with_user(department).write(
            {"done_date": date(2026, 4, 8), "evidence": "Training record TR-33."}
        )
        self.assertEqual(my_line.done_date, date(2026, 4, 8))
        with self.assertRaisesRegex(UserError, "completion and evidence"):
            my_line.with_user(department).due_date = date(2026, 6, 1)
        with self.assertRaises(AccessError):
            (mine.line_ids - my_line).with_user(department).write(
                {"done_date": date(2026, 4, 8), "evidence": "x"}
            )
        with self.assertRaises(AccessError):
            mine.with_user(department).title = "Changed"
        with self.assertRaises(AccessError):
            self.capa(role="department")

    def test_roles_supervisor_manages_capa_customer_service_reads(self):
        capa = self.capa(role="supervisor")
        capa.with_user(self.users["supervisor"]).action_open()
        self.assertEqual(
            self.Capa.with_user(self.users["customer_service"]).search([("id", "=", capa.id)]), capa
        )
        with self.assertRaises(AccessError):
            capa.with_user(self.users["customer_service"]).title = "Changed"
        with self.assertRaisesRegex(UserError, "Quality manager"):
            capa.with_user(self.users["supervisor"]).action_close()
