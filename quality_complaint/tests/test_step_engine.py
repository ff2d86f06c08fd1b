"""The step engine: nothing but a step writes `state` and the fields steps own.

The matrix is generated from the declarations: every workflow model, every
subject (the eight roles, admin, portal, public), `state` and every
step-owned field, by a plain `write` and by `create`. Its expected size comes
from the declarations too, so a field or a model left out fails the test.
"""

import logging
from datetime import date, datetime, timedelta
from unittest.mock import patch

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..audit_trail import rewriting_trail
from ..models.quality_workflow_mixin import IMPORT_STEP, QualityWorkflowMixin, StepRequired
from .common import ROLES, ComplaintCase, finish_intake
from .common_matrix import SUBJECTS, MatrixCase

_logger = logging.getLogger(__name__)
STEP_SUBJECTS = (*SUBJECTS, "admin")
# The smallest values a client could create each workflow record with.
CREATE_VALUES = {
    "quality.complaint": lambda records: {"description": "Forged"},
    "quality.complaint.investigation": lambda records: {"complaint_id": records["quality.complaint"].id},
    "quality.complaint.retest": lambda records: {
        "complaint_id": records["quality.complaint"].id,
        "retained_sample_ref": "LY-9",
    },
    "quality.nonconforming.work": lambda records: {
        "complaint_id": records["quality.complaint"].id,
        "description": "Forged",
    },
    "quality.corrective.action": lambda records: {
        "title": "Forged",
        "complaint_id": records["quality.complaint"].id,
    },
    "quality.corrective.action.line": lambda records: {
        "capa_id": records["quality.corrective.action"].id,
        "name": "Forged",
        "responsible_id": records["quality.corrective.action.line"].responsible_id.id,
        "due_date": date(2026, 4, 1),
    },
    "quality.satisfaction.survey": lambda records: {"name": "Forged"},
    "quality.satisfaction.response": lambda records: {
        "survey_id": records["quality.satisfaction.response"].survey_id.id
    },
    "quality.complaint.hold": lambda records: {},
    # Every value of a cluster is the job's: any one a client sends is refused.
    "quality.complaint.cluster": lambda records: {},
    "quality.complaint.inquiry": lambda records: {"description": "Forged"},
    "quality.complaint.meeting": lambda records: {
        "name": "Forged",
        "date_from": date(2026, 3, 1),
        "date_to": date(2026, 3, 31),
    },
    "quality.complaint.mediation": lambda records: {
        "complaint_id": records["quality.complaint.mediation"].complaint_id.id,
        "body": "other",
        "reason": "Forged",
    },
    "quality.complaint.amended.report": lambda records: {
        "complaint_id": records["quality.complaint.amended.report"].complaint_id.id,
        "amended_report_ref": "FORGED-A",
        "changes": "Forged",
        "reason": "Forged",
    },
    "quality.complaint.publication": lambda records: {
        "name": "Forged",
        "date_from": date(2026, 1, 1),
        "date_to": date(2026, 3, 31),
    },
    "quality.lab.visit": lambda records: {
        "partner_id": records["quality.lab.visit"].partner_id.id,
        "visitor_names": "Forged",
        "purpose": "Forged",
        "planned_date": datetime(2026, 3, 10, 2, 0),
        "areas": "Forged",
    },
    "quality.department.score": lambda records: {"month": date(2026, 5, 1)},
    "quality.department.score.line": lambda records: {
        "score_id": records["quality.department.score.line"].score_id.id,
        "department_id": records["quality.department.score.line"].department_id.id,
    },
    "quality.complaint.adverse.event": lambda records: {"complaint_id": records["quality.complaint"].id},
    "quality.complaint.device.action": lambda records: {"complaint_id": records["quality.complaint"].id},
}


def forged_value(record, field):
    """A value for `field` that differs from what `record` holds and from its default."""
    env = record.env
    current = record.sudo()[field.name]
    if field.type == "selection":
        keys = [key for key, _label in field._description_selection(env)]
        return next(key for key in reversed(keys) if key != current)
    if field.type in ("many2one", "many2many"):
        candidates = env[field.comodel_name].sudo().search([], limit=5, order="id desc")
        other = (candidates - current)[:1] or candidates[:1]
        return other.id if field.type == "many2one" else [fields.Command.set(other.ids)]
    forged = {
        "boolean": lambda: not current,
        "date": lambda: date(2001, 1, 1),
        "datetime": lambda: datetime(2001, 1, 1, 1, 0),
        "integer": lambda: (current or 0) + 99,
        "float": lambda: (current or 0.0) + 99.0,
        "monetary": lambda: (current or 0.0) + 99.0,
    }
    return forged.get(field.type, lambda: f"FORGED {current or ''}")()


@tagged("post_install", "-at_install")
class TestStepEngineMatrix(MatrixCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subjects = dict(cls.subjects, admin=cls.env.ref("base.user_admin"))

    def _workflow_models(self):
        mixin = self.env.registry["quality.workflow.mixin"]
        return sorted(
            name for name in self.records if issubclass(self.env.registry[name], mixin) and self._owned(name)
        )

    def _owned(self, model):
        return sorted(self.env[model]._qc_owned_fields())

    def _refused(self, subject, operation, allowed, method, values):
        """`method(values)` must be refused, by the engine when the subject may otherwise `operation`."""
        try:
            with self.env.cr.savepoint():
                method(values)
        except StepRequired:
            return
        except AccessError:
            self.assertFalse(allowed, f"{subject} may {operation}: the engine, not an ACL, must refuse")
            return
        self.fail(f"{subject}: {operation} went through")

    def test_every_workflow_model_is_declared(self):
        self.assertEqual(self._workflow_models(), sorted(CREATE_VALUES))
        for model in self._workflow_models():
            for name in self._owned(model):
                with self.subTest(model=model, field=name):
                    self.assertFalse(self.env[model]._fields[name].copy, "step-owned fields are never copied")

    def test_no_client_writes_state_or_a_step_owned_field(self):
        cells = 0
        expected = sum(len(self._owned(model)) for model in self._workflow_models()) * len(STEP_SUBJECTS)
        for model in self._workflow_models():
            record = self.records[model]
            for name in self._owned(model):
                field = record._fields[name]
                before = record.sudo()[name]
                value = forged_value(record, field)
                for subject in STEP_SUBJECTS:
                    mine = record.with_user(self.subjects[subject])
                    with self.subTest(model=model, field=name, subject=subject):
                        self._refused(subject, "write", mine.has_access("write"), mine.write, {name: value})
                        self.env.invalidate_all()
                        self.assertEqual(record.sudo()[name], before, "nothing changed")
                    cells += 1
        self.assertEqual(cells, expected)
        _logger.info("step matrix: %s cells refused on %s models", cells, len(self._workflow_models()))

    def test_no_client_creates_with_state_or_a_step_owned_field(self):
        cells = 0
        models = self._workflow_models()
        expected = sum(len(self._owned(model)) for model in models) * len(STEP_SUBJECTS)
        for model in models:
            record, Model = self.records[model], self.env[model]
            count = Model.sudo().search_count([])
            for name in self._owned(model):
                values = dict(
                    CREATE_VALUES[model](self.records), **{name: forged_value(record, record._fields[name])}
                )
                for subject in STEP_SUBJECTS:
                    theirs = Model.with_user(self.subjects[subject])
                    with self.subTest(model=model, field=name, subject=subject):
                        self._refused(subject, "create", theirs.has_access("create"), theirs.create, values)
                        self.assertEqual(Model.sudo().search_count([]), count, "nothing created")
                    cells += 1
        self.assertEqual(cells, expected)
        _logger.info("step matrix: %s cells refused on %s models", cells, len(self._workflow_models()))

    def test_no_context_key_and_no_sudo_open_the_guard(self):
        contexts = (
            {"qc_step": "import_history"},
            {"qc_step": {"model": "quality.complaint", "fields": ["state"]}},
            {"install_mode": True, "module": "quality_complaint"},
            {"tracking_disable": True, "mail_notrack": True},
        )
        for model in self._workflow_models():
            record = self.records[model]
            name = self._owned(model)[0]
            value = forged_value(record, record._fields[name])
            for context in contexts:
                for who in (record.with_user(self.subjects["admin"]), record.sudo()):
                    with (
                        self.subTest(model=model, context=context, su=who.env.su),
                        self.assertRaises(StepRequired),
                    ):
                        who.with_context(**context).write({name: value})


@tagged("post_install", "-at_install")
class TestStepEngine(ComplaintCase):
    def as_user(self, record, role):
        return record.with_user(self.users[role])

    def decided_case(self, **values):
        case = self.acknowledged_case(no_investigation_reason="Clerical slip", **values)
        case.write({"validity": "valid", "resolution": "Re-issue the report."})
        self.as_user(case, "technical").action_submit_decision()
        return case

    def approved_case(self, **values):
        case = self.decided_case(**values)
        self.as_user(case, "quality").action_approve()
        return case

    def replied_case(self):
        case = self.approved_case()
        self.as_user(case, "customer_service").action_send_reply()
        return case

    def test_one_environment_per_step_not_per_call(self):
        # Every new environment is looked up among all the transaction's others.
        case = self.make_case()
        self.assertIs(case._qc_step("acknowledge").env, case._qc_step("acknowledge").env)
        self.assertIsNot(case._qc_step("acknowledge").env, case._qc_step("register").env)
        identity = case.sudo().identity_id
        self.assertIs(
            rewriting_trail(identity, ["sealed_headers"]).env,
            rewriting_trail(identity, ["sealed_headers"]).env,
        )

    # Creation on the final values

    def test_a_kanban_column_or_a_client_default_cannot_create_a_later_state(self):
        Complaint = self.Complaint.with_user(self.users["customer_service"])
        for context in ({"default_state": "approved"}, {"default_decider_id": self.users["top"].id}):
            with self.subTest(context=context), self.assertRaises(StepRequired):
                Complaint.with_context(**context).create({"description": "Dragged into a column"})
        with self.assertRaises(StepRequired):
            Complaint.create({"description": "Forged", "state": "closed"})
        with self.assertRaises(StepRequired):
            Complaint.create({"description": "Forged", "name": "CMP/2026/00001"})
        case = Complaint.with_context(default_kind="appeal").create({"description": "Allowed default"})
        self.assertEqual((case.state, case.kind), ("new", "appeal"))

    def test_a_copy_starts_its_workflow_anew(self):
        case = self.approved_case()
        copy = self.as_user(case, "customer_service").copy()
        self.assertEqual(
            (copy.state, copy.decider_id, copy.approver_id),
            ("new", self.env["res.users"], self.env["res.users"]),
        )
        self.assertNotEqual(copy.name, case.name)
        with self.assertRaises(StepRequired):
            self.as_user(case, "customer_service").copy({"state": "closed"})

    def test_the_reference_is_unique_and_never_written(self):
        first, second = self.make_case(), self.make_case()
        with self.assertRaises(StepRequired):
            self.as_user(second, "top").write({"name": first.name})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE quality_complaint SET name = %s WHERE id = %s", [first.name, second.id]
            )

    def test_client_switches_for_tracking_are_ignored(self):
        case = self.acknowledged_case()
        # Odoo tracks nothing in the transaction that created the record: end it first.
        self.env.cr.flush()
        self.as_user(case, "customer_service").with_context(tracking_disable=True, mail_notrack=True).write(
            {"summary": "Written without a trace?"}
        )
        self.env.cr.flush()
        case.invalidate_recordset(["message_ids"])
        tracked = case.message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "summary")
        self.assertEqual(tracked.new_value_char, "Written without a trace?", "the change is in the trail")

    # Decisions are final once approved

    def test_an_approved_case_cannot_be_rewritten_with_its_state(self):
        case = self.approved_case()
        for values in (
            {"state": "closed", "validity": "valid", "resolution": "TAMPERED"},
            {"resolution": "TAMPERED"},
            {"compensation_amount": 99999},
        ):
            with self.subTest(values=values), self.assertRaises(StepRequired):
                self.as_user(case, "top").write(values)
        self.assertEqual((case.state, case.resolution), ("approved", "Re-issue the report."))

    def test_reopening_the_decision_needs_a_quality_manager_not_involved_and_a_reason(self):
        case = self.approved_case(involved_user_ids=[fields.Command.link(self.users["supervisor"].id)])
        with self.assertRaises(UserError):
            self.as_user(case, "technical").action_reopen_decision(reason="Wrong")
        with self.assertRaises(UserError):
            self.as_user(case, "quality").action_reopen_decision(reason="")
        other_quality = new_test_user(self.env, login="qc_quality_2", groups=ROLES["quality"])
        case.involved_user_ids = [fields.Command.link(other_quality.id)]
        with self.assertRaisesRegex(UserError, "impartiality"):
            case.with_user(other_quality).action_reopen_decision(reason="The report number was wrong.")
        self.as_user(case, "top").action_reopen_decision(reason="The report number was wrong.")
        self.assertEqual(
            (case.state, case.decider_id, case.approver_id),
            ("acknowledged", self.env["res.users"], self.env["res.users"]),
        )
        self.assertIn("The report number was wrong.", case.message_ids[0].body)
        self.as_user(case, "technical").write({"resolution": "Re-issue the report with the right number."})

    def test_a_submitted_decision_stays_frozen_while_the_case_is_on_hold(self):
        case = self.decided_case()
        case.hold_reason = "Waiting for the customer's raw data."
        self.as_user(case, "customer_service").action_put_on_hold()
        with self.assertRaises(StepRequired):
            self.as_user(case, "technical").write({"resolution": "Rewritten while on hold."})
        self.as_user(case, "customer_service").action_resume()
        self.assertEqual((case.state, case.resolution), ("decision", "Re-issue the report."))

    def test_the_answer_is_recorded_once(self):
        case = self.replied_case()
        action = self.as_user(case, "customer_service").action_reject_outcome(note="Not witnessed.")
        self.assertEqual(action["res_model"], "quality.complaint")
        for step in ("action_reject_outcome", "action_accept_outcome"):
            with self.subTest(step=step), self.assertRaises(UserError):
                getattr(self.as_user(case, "customer_service"), step)()
        self.assertEqual(
            (case.acceptance, case.acceptance_source, len(case.child_ids)), ("rejected", "staff", 1)
        )

    # Corrections keep the original

    def test_a_recorded_fact_is_corrected_with_a_reason_and_the_old_value_stays(self):
        case = self.acknowledged_case(report_ref="R-2026-0001")
        with self.assertRaises(StepRequired):
            self.as_user(case, "customer_service").write({"report_ref": "R-2026-0002"})
        with self.assertRaises(UserError):
            self.as_user(case, "customer_service").action_correct_fact("report_ref", "R-2026-0002", "")
        with self.assertRaises(UserError):
            self.as_user(case, "department").action_correct_fact("report_ref", "R-2026-0002", "Typo")
        self.as_user(case, "customer_service").action_correct_fact(
            "report_ref", "R-2026-0002", "Typed from the wrong report."
        )
        self.env.cr.flush()
        self.assertEqual(case.report_ref, "R-2026-0002")
        note = case.message_ids.filtered(
            lambda message: "Typed from the wrong report." in (message.body or "")
        )
        self.assertIn("R-2026-0001", note.body)
        tracked = case.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "report_ref"
        )
        self.assertEqual(tracked.old_value_char, "R-2026-0001")

    def test_a_correction_is_refused_empty_or_in_the_future_and_reads_as_labels(self):
        case = self.acknowledged_case(kind="complaint")
        corrector = self.as_user(case, "customer_service")
        with self.assertRaises(UserError):
            corrector.action_correct_fact("description", "", "Emptied")
        with self.assertRaises(UserError):
            corrector.action_correct_fact("received_date", datetime(2099, 1, 1), "Typo")
        corrector.action_correct_fact("kind", "appeal", "It objects to a result.")
        self.assertIn("Complaint → Appeal / objection", case.message_ids[0].body)

    # Impartiality only grows

    def test_involved_people_are_only_added_and_removed_by_a_quality_manager_with_a_reason(self):
        technical = self.users["technical"]
        case = self.acknowledged_case(involved_user_ids=[fields.Command.link(technical.id)])
        for commands in (
            [fields.Command.unlink(technical.id)],
            [fields.Command.set([])],
            [fields.Command.clear()],
        ):
            with self.subTest(commands=commands), self.assertRaises(StepRequired):
                self.as_user(case, "technical").write({"involved_user_ids": commands})
        with self.assertRaises(UserError):
            self.as_user(case, "technical").action_remove_involved(technical.id, "Not me")
        self.as_user(case, "customer_service").write(
            {"involved_user_ids": [fields.Command.link(self.users["records"].id)]}
        )
        self.as_user(case, "quality").action_remove_involved(
            technical.id, "He only signed the report as a deputy."
        )
        self.assertNotIn(technical, case.involved_user_ids)
        self.env.cr.flush()
        self.assertTrue(
            case.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "involved_user_ids")
        )

    def test_protection_is_raised_by_anyone_and_lowered_by_a_quality_manager(self):
        case = self.acknowledged_case()
        self.as_user(case, "customer_service").write({"confidential": True, "is_real_name": True})
        for role, flag in (("customer_service", "confidential"), ("technical", "is_real_name")):
            with self.subTest(role=role, flag=flag), self.assertRaises(StepRequired):
                self.as_user(case, role).write({flag: False})
        with self.assertRaises(UserError):
            self.as_user(case, "customer_service").action_lower_protection(
                "confidential", "Asked by the customer"
            )
        self.as_user(case, "quality").action_lower_protection(
            "confidential", "The customer asked in writing."
        )
        self.assertEqual((case.confidential, case.is_real_name), (False, True))

    def test_decider_and_approver_are_two_people_unless_the_lab_allows_it(self):
        case = self.acknowledged_case(no_investigation_reason="Clerical slip")
        case.write({"validity": "valid", "resolution": "Re-issue."})
        self.as_user(case, "quality").action_submit_decision()
        with self.assertRaisesRegex(UserError, "four-eyes"):
            self.as_user(case, "quality").action_approve()
        self.env["quality.complaint.settings"]._qc_of(self.env.company).decider_may_approve = True
        self.as_user(case, "quality").action_approve()
        self.assertEqual(case.decider_id, case.approver_id)

    def test_a_case_linked_to_an_earlier_one_later_keeps_its_decider_and_approver_out(self):
        earlier = self.approved_case()
        appeal = self.make_case(kind="appeal")
        self.as_user(appeal, "customer_service").write({"parent_id": earlier.id})
        self.assertLessEqual(earlier.decider_id | earlier.approver_id, appeal.involved_user_ids)

    def test_impartiality_is_judged_with_the_people_involved_at_each_decision(self):
        case = self.approved_case()
        self.assertFalse(case.decision_involved_user_ids)
        # Involving the decider afterwards does not undo the decision already made.
        self.as_user(case, "customer_service").write(
            {"involved_user_ids": [fields.Command.link(self.users["technical"].id)]}
        )
        self.assertEqual((case.state, case.decider_id), ("approved", self.users["technical"]))
        # Who handles the case now may still not be involved in it.
        department = self.users["department"]
        with self.assertRaises(ValidationError):
            self.as_user(case, "customer_service").write(
                {"user_id": department.id, "involved_user_ids": [fields.Command.link(department.id)]}
            )

    # Bookkeeping belongs to the steps

    def test_step_dates_are_never_in_the_future_nor_before_the_step_before(self):
        case = self.approved_case()
        with self.assertRaises(UserError):
            self.as_user(case, "customer_service").action_send_reply(
                reply_date=date.today() + timedelta(days=1)
            )
        with self.assertRaises(UserError):
            self.as_user(case, "customer_service").action_send_reply(reply_date=date(2001, 1, 1))
        self.as_user(case, "customer_service").action_send_reply(reply_date=date.today())
        self.as_user(case, "customer_service").action_accept_outcome()
        case.no_capa_reason = "A one-off slip."
        with self.assertRaises(UserError):
            self.as_user(case, "customer_service").action_close(close_date=datetime(2001, 1, 1))
        self.as_user(case, "customer_service").action_close()
        self.assertEqual(case.state, "closed")
        with self.assertRaises(StepRequired):
            self.as_user(case, "top").write({"reply_date": date(2001, 1, 1)})

    def test_completed_by_and_signatures_come_from_the_user_who_takes_the_step(self):
        case = self.acknowledged_case()
        Investigation = self.env["quality.complaint.investigation"]
        investigation = Investigation.create(
            {
                "complaint_id": case.id,
                "lead_id": self.users["technical"].id,
                "investigator_ids": [fields.Command.link(self.users["supervisor"].id)],
                "findings": "Clerical.",
            }
        )
        with self.assertRaises(StepRequired):
            self.as_user(investigation, "supervisor").write(
                {"state": "done", "completed_by_id": self.users["quality"].id}
            )
        with self.assertRaises(UserError):
            self.as_user(investigation, "supervisor").action_complete()
        self.as_user(investigation, "technical").action_complete()
        self.assertEqual(investigation.completed_by_id, self.users["technical"])
        with self.assertRaises(UserError):
            self.as_user(investigation, "supervisor").action_reopen()

    def test_a_completed_investigation_freezes_its_checks_and_contacts(self):
        case = self.acknowledged_case()
        supervisor = self.users["supervisor"]
        investigation = self.env["quality.complaint.investigation"].create(
            {
                "complaint_id": case.id,
                "lead_id": self.users["technical"].id,
                "investigator_ids": [fields.Command.link(supervisor.id)],
                "findings": "Clerical.",
                "check_ids": [fields.Command.create({"name": "Raw data", "result": "pass"})],
                "contact_ids": [fields.Command.create({"summary": "Called the customer."})],
            }
        )
        self.as_user(investigation, "technical").action_complete()
        with self.assertRaises(StepRequired):
            investigation.check_ids.with_user(supervisor).write({"result": "fail", "note": "Changed later."})
        with self.assertRaises(StepRequired):
            investigation.contact_ids.with_user(supervisor).write({"summary": "Rewritten."})
        with self.assertRaises(UserError):
            self.env["quality.complaint.investigation.contact"].with_user(supervisor).create(
                {"investigation_id": investigation.id, "summary": "Added afterwards."}
            )
        self.assertEqual(investigation.check_ids.result, "pass")

    # No sequence of permitted steps is a dead end

    def test_re_test_and_investigation_complete_in_either_order_on_a_result_dispute(self):
        for nonconforming_first in (True, False):
            with self.subTest(nonconforming_first=nonconforming_first):
                case = self.acknowledged_case(
                    category_id=self.env.ref("quality_complaint.category_result_dispute").id
                )
                technical = self.users["technical"]
                investigation = self.env["quality.complaint.investigation"].create(
                    {"complaint_id": case.id, "lead_id": technical.id, "findings": "The balance drifted."}
                )
                investigation.check_ids.write({"result": "pass"})
                retest = self.env["quality.complaint.retest"].create(
                    {
                        "complaint_id": case.id,
                        "investigation_id": investigation.id,
                        "retained_sample_ref": "LY-1",
                        "original_value": 0.25,
                        "retest_value": 0.08,
                        "original_unit": "mg/kg",
                        "retest_unit": "mg/kg",
                        "witness_id": self.users["quality"].id,
                        "corrected_report_ref": "R-1-C",
                    }
                )
                if not nonconforming_first:
                    investigation.with_user(technical).action_complete()
                retest.with_user(technical).action_confirm_result()
                retest.nonconforming_id.write(
                    {"department_id": self.env["quality.complaint.department"].create({"name": "Lab"}).id}
                )
                retest.nonconforming_id.with_user(technical).action_confirm()
                self.assertTrue(case.evidence_locked)
                if nonconforming_first:
                    investigation.with_user(technical).action_complete()
                self.assertEqual(investigation.state, "done")
                case.write({"resolution": "Withdraw and re-issue the report."})
                case.with_user(technical).action_submit_decision()
                self.assertEqual(case.state, "decision")


@tagged("post_install", "-at_install")
class TestTrustedPathIsPrivate(ComplaintCase):
    def test_the_runner_and_the_history_import_are_not_callable_over_rpc(self):
        for name in (
            "_qc_step",
            "_qc_import_records",
            "_qc_import_history",
            "_qc_record_answer",
            "_qc_answer_outcome",
            "_qc_finish_intake",
            "_qc_finish_pending_intake",
        ):
            with self.subTest(method=name), self.assertRaises(AccessError):
                get_public_method(self.Complaint, name)


@tagged("post_install", "-at_install")
class TestEveryStepIsTakenByItsRole(ComplaintCase):
    """One positive cell per declared step: a scenario takes them all, each by a
    user who holds the step's role (or the application itself, for its own steps)."""

    def test_every_declared_step_is_taken(self):
        taken = set()
        original = QualityWorkflowMixin._qc_step

        def recording(records, step_name):
            result = original(records, step_name)
            step = records._qc_step_declaration(step_name)
            if step.groups and not records.env.su:
                self.assertTrue(any(records.env.user.has_group(group) for group in step.groups))
            taken.add((records._name, step_name))
            return result

        with patch.object(QualityWorkflowMixin, "_qc_step", recording):
            self._scenario()
        declared = {
            (name, step_name)
            for name in self.env.registry
            if issubclass(self.env.registry[name], self.env.registry["quality.workflow.mixin"])
            and not self.env[name]._abstract
            for step_name in (*self.env[name]._qc_steps, IMPORT_STEP)
            if self.env[name]._qc_owned_fields()
        }
        self.assertEqual(declared - taken, set(), "steps no test takes")

    def _scenario(self):
        cs, sup, tech, qm, top = (
            self.users[role] for role in ("customer_service", "supervisor", "technical", "quality", "top")
        )
        auditor, records = self.users["auditor"], self.users["records"]
        # A late objection accepted, investigated, paused, decided, reopened, approved, replied, rejected.
        case = self.make_case(kind="appeal", report_received_date=date(2025, 1, 2), concerns_lab="yes")
        finish_intake(self.env)
        case.with_user(cs).action_acknowledge()
        case.out_of_time_override_reason = "The customer was abroad."
        case.with_user(qm).action_override_out_of_time()
        case.with_user(cs).action_correct_fact("sample_ref", "LOT-7", "Lot number typed wrong.")
        case.involved_user_ids = [fields.Command.link(records.id)]
        case.with_user(qm).action_remove_involved(records.id, "Only filed the report.")
        case.confidential = True
        case.with_user(qm).action_lower_protection("confidential", "The customer asked in writing.")
        case.with_user(sup).action_start_investigation()
        case.hold_reason = "Waiting for the customer's data."
        case.with_user(cs).action_put_on_hold()
        case.with_user(cs).action_resume()
        case.with_user(cs).write({"late_notice_reason": "The re-test takes a week."})
        case.with_user(cs).action_send_late_notice()
        investigation = self.env["quality.complaint.investigation"].create(
            {"complaint_id": case.id, "lead_id": tech.id, "findings": "Transcription slip."}
        )
        investigation.with_user(tech).action_complete()
        investigation.with_user(tech).action_reopen()
        investigation.with_user(tech).action_complete()
        retest = self.env["quality.complaint.retest"].create(
            {
                "complaint_id": case.id,
                "retained_sample_ref": "LY-3",
                "original_value": 1.0,
                "retest_value": 1.0,
                "witness_id": qm.id,
            }
        )
        retest.with_user(tech).action_confirm_result()
        ncw = self.env["quality.nonconforming.work"].create(
            {
                "complaint_id": case.id,
                "description": "Slip.",
                "disposition": "apology",
                "department_id": self.env["quality.complaint.department"].create({"name": "Front desk"}).id,
            }
        )
        ncw.with_user(tech).action_confirm()
        case.write({"validity": "valid", "resolution": "Apologise.", "no_capa_reason": "One-off."})
        case.with_user(tech).action_submit_decision()
        case.with_user(qm).action_reopen_decision(reason="The resolution forgot the fee.")
        case.with_user(tech).action_submit_decision()
        case.with_user(top).action_approve()
        case.with_user(cs).action_send_reply()
        follow_up = self.Complaint.browse(case.with_user(cs).action_reject_outcome(note="No.")["res_id"])
        # Accepted on the tracking page, closed, archived, anonymised.
        accepted = self.acknowledged_case(no_investigation_reason="Obvious")
        accepted.write(
            {"validity": "invalid", "invalid_reason": "misunderstanding", "resolution": "Explained."}
        )
        accepted.with_user(tech).action_submit_decision()
        accepted.with_user(qm).action_approve()
        accepted.with_user(cs).action_send_reply()
        accepted.with_user(qm).action_withdraw_reply(reason="Sent to an old address.")
        accepted.with_user(cs).action_send_reply()
        accepted._qc_public_answer_outcome(True, "Thanks.", "198.51.100.7")
        accepted.with_user(cs).action_close()
        accepted.with_user(records).action_mark_archived()
        accepted._qc_import_history({"close_date": datetime(2001, 1, 1)})
        self.Complaint._cron_anonymise_expired()
        staff_accepted = self.approved_case_for(tech, qm, cs)
        staff_accepted.with_user(cs).action_accept_outcome()
        # Approved in stages: the head of the department, the renegotiated plan, the director.
        staged = self.acknowledged_case(
            no_investigation_reason="Obvious",
            category_id=self.env["quality.complaint.category"]
            .create({"name": "Staged", "approval_staged": True})
            .id,
            department_id=self.env["quality.complaint.department"]
            .create({"name": "Lab", "leader_id": tech.id})
            .id,
        )
        staged.write(
            {"validity": "valid", "resolution": "Refund.", "renegotiated_plan": "Refund and a discount."}
        )
        staged.with_user(qm).action_submit_decision()
        staged.with_user(tech).action_approve_department()
        staged.with_user(qm).action_renegotiate_plan()
        staged.with_user(top).action_approve()
        follow_up.cancel_reason = "Duplicate of the appeal by letter."
        follow_up.with_user(sup).action_cancel()
        # A repeated call linked to its original, then found to be another matter.
        repeated = self.make_case()
        repeated.with_user(sup).action_link_duplicate(case.id, "The same report, phoned in again.")
        repeated.with_user(sup).action_unlink_duplicate("Another sample after all.")
        # Overdue and an internal audit request.
        late = self.make_case(received_date=datetime(2020, 1, 6, 2, 0))
        late._process_overdue()
        late.write({"touches_management_system": True})
        late.write({"validity": "valid"})
        # CAPA from open to closed, an action reminded.
        capa = self.env["quality.corrective.action"].create(
            {
                "title": "Slips",
                "complaint_id": case.id,
                "line_ids": [
                    fields.Command.create(
                        {"name": "Train", "responsible_id": sup.id, "due_date": date.today()}
                    )
                ],
            }
        )
        capa.with_user(sup).action_open()
        capa.line_ids._qc_send_due_reminders(date.today())
        capa.line_ids.with_user(sup).write({"done_date": date.today(), "evidence": "Training record 12"})
        capa.with_user(sup).action_mark_implemented()
        capa.with_user(auditor).record_effectiveness("effective", "No slip in three months.")
        capa.with_user(qm).action_close()
        # Surveys: a campaign and a follow-up, answered, dissatisfied, reminded.
        Survey = self.env["quality.satisfaction.survey"]
        survey = Survey.with_user(cs).create(
            {"name": "Q1", "partner_ids": [fields.Command.link(self.customer.id)]}
        )
        survey.with_user(cs).action_open()
        survey.with_user(cs).action_send_reminders()
        response = survey.response_ids
        response.with_user(cs).action_send_reminder()
        question = survey.question_ids[:1]
        response._qc_submit_answers({f"rating_{question.id}": "1"})
        response.with_user(cs).action_open_complaint()
        paper = Survey.with_user(cs).create(
            {"name": "On-site forms", "partner_ids": [fields.Command.link(self.customer.id)]}
        )
        paper.with_user(cs).action_open()
        paper.response_ids.with_user(cs).write(
            {"line_ids": [fields.Command.create({"question_id": paper.question_ids[0].id, "rating": 5})]}
        )
        paper.response_ids.with_user(cs).action_enter_paper_form()
        survey.with_user(cs).action_close()
        draft = Survey.with_user(cs).create({"name": "Q2"})
        draft.with_user(cs).action_open()
        draft.with_user(cs).action_reset_draft()
        staff_accepted._qc_import_history({"reply_date": date.today() - timedelta(days=8)})
        Survey._cron_followup_surveys()
        # Customer inquiries: from the public form, answered, turned into a case and a CAPA, chased, cancelled.
        Inquiry = self.env["quality.complaint.inquiry"]
        public_inquiry = Inquiry.with_user(self.env.ref("base.public_user"))._create_from_public_form(
            {
                "description": "Do you test dioxins?",
                "complainant_name": "Ms. Li",
                "complainant_email": "li@example.com",
                "privacy_consent": "1",
            },
            "203.0.113.50",
        )
        answered, to_case, to_capa, cancelled, _late = Inquiry.with_user(cs).create(
            [
                {"description": f"Inquiry {index}", "received_date": datetime(2026, 3, 2, 2)}
                for index in range(5)
            ]
        )
        answered.write({"answer": "Yes.", "answer_method": "phone"})
        answered.action_answer()
        to_case.action_convert_to_complaint()
        to_capa.with_user(sup).action_convert_to_capa()
        cancelled.action_cancel()
        Inquiry._cron_process_overdue(datetime(2026, 3, 4, 2))
        # The handling form back to the office.
        self.acknowledged_case().with_user(cs).action_return_handling_form()
        reviews = self._review_scenario(case)
        # Device makers: an adverse event assessed, chased when late and reported; a return, a recall.
        regulatory = self.env.ref("quality_complaint.group_regulatory_reporting")
        for user in (cs, sup, qm):
            user.group_ids = [fields.Command.link(regulatory.id)]
        injured = self.acknowledged_case(serious_injury="yes")
        event = injured.adverse_event_ids
        event.aware_date = date(2020, 1, 6)
        self.env["quality.complaint.adverse.event"]._qc_chase_overdue_reports()
        event.with_user(sup).write(
            {"outcome": "reportable", "assessment_note": "Injured.", "regulator_ref": "AE-1"}
        )
        event.with_user(sup).action_conclude()
        event.with_user(sup).action_mark_reported()
        DeviceAction = self.env["quality.complaint.device.action"]
        returned = DeviceAction.with_user(cs).create({"complaint_id": injured.id})
        returned.action_start()
        returned.action_complete()
        DeviceAction.with_user(qm).create(
            {"complaint_id": injured.id, "action_type": "recall"}
        ).action_cancel()
        cluster = self._cluster_scenario(qm)
        # History kept before this database, for every workflow model.
        for record in (
            cluster,
            case.hold_ids[:1],
            investigation,
            retest,
            ncw,
            capa,
            capa.line_ids,
            survey,
            response,
            public_inquiry,
            *reviews,
            event,
            returned,
        ):
            name = next(name for name in record._qc_owned_fields() if not record._fields[name].compute)
            record._qc_import_history({name: record._fields[name].convert_to_write(record[name], record)})

    def _cluster_scenario(self, qm):
        """Recurring complaints found by the job: one turned into a corrective action,
        one into nonconforming work, one dismissed."""
        refs = ("R-CL-1", "R-CL-2", "R-CL-3")
        for ref in refs:
            cases = self.Complaint
            for index in range(3):
                cases |= self.make_case(report_ref=ref, category_id=False, description=f"{ref}/{index}")
            cases._qc_import_history({"validity": "valid"})
        Cluster = self.env["quality.complaint.cluster"]
        Cluster._qc_find_clusters(self.env.company, now=datetime(2026, 3, 20, 2, 0))
        to_capa, to_work, dismissed = (Cluster.search([("key_text", "=", ref)]) for ref in refs)
        to_capa.with_user(qm).action_create_capa()
        to_work.with_user(qm).action_create_nonconforming()
        dismissed.with_user(qm).dismiss("Typing errors of one clerk, corrected.")
        return to_capa

    def _review_scenario(self, case):
        """Analysis meeting, mediation, amended-report statement, publication, lab visits, scoring."""
        cs, sup, tech, qm = (
            self.users[role] for role in ("customer_service", "supervisor", "technical", "quality")
        )
        meeting = (
            self.env["quality.complaint.meeting"]
            .with_user(sup)
            .create(
                {
                    "name": "March",
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                    "attendee_ids": [fields.Command.link(tech.id)],
                    "conclusions": "Train the front desk.",
                }
            )
        )
        meeting.action_load_cases()
        meeting.action_hold()
        meeting.action_create_capa()
        mediation = (
            self.env["quality.complaint.mediation"]
            .with_user(sup)
            .create({"complaint_id": case.id, "body": "hospital_office", "reason": "Not accepted."})
        )
        mediation.write({"end_date": date.today(), "outcome": "agreement"})
        mediation.action_conclude()
        statement = (
            self.env["quality.complaint.amended.report"]
            .with_user(tech)
            .create(
                {
                    "complaint_id": case.id,
                    "original_report_ref": "R-7",
                    "amended_report_ref": "R-7-A",
                    "changes": "Fee corrected.",
                    "reason": "Typed wrong.",
                }
            )
        )
        statement.action_issue()
        publication = (
            self.env["quality.complaint.publication"]
            .with_user(qm)
            .create({"name": "2026", "date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)})
        )
        publication.action_publish()
        publication.action_withdraw()
        Visit = self.env["quality.lab.visit"].with_user(cs)
        visit, refused = Visit.create(
            [
                {
                    "partner_id": self.customer.id,
                    "visitor_names": name,
                    "purpose": "Audit.",
                    "planned_date": datetime(2026, 3, 10, 2, 0),
                    "areas": "Reception",
                    "confidentiality_checked": True,
                    "confidentiality_measures": "Escort.",
                    "refusal_reason": "Too busy." if name == "Mr. Wu" else False,
                }
                for name in ("Ms. Li", "Mr. Wu")
            ]
        )
        visit.with_user(tech).action_approve()
        refused.with_user(tech).action_refuse()
        visit.write({"visit_date": fields.Datetime.now(), "minutes": "Saw the reception."})
        visit.action_record()
        score = self.env["quality.department.score"].with_user(sup).create({"month": date(2026, 3, 1)})
        score.action_count()
        # A line's history is imported while its month is still being adjusted.
        line = score.line_ids[:1]
        line._qc_import_history({"valid_count": line.valid_count})
        score.with_user(qm).action_finalize()
        return meeting, mediation, statement, publication, visit, score

    def approved_case_for(self, decider, approver, replier):
        case = self.acknowledged_case(no_investigation_reason="Obvious")
        case.write({"validity": "invalid", "invalid_reason": "misunderstanding", "resolution": "Explained."})
        case.with_user(decider).action_submit_decision()
        case.with_user(approver).action_approve()
        case.with_user(replier).action_send_reply()
        return case
