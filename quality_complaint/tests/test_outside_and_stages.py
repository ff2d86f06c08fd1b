import base64

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from ..models.quality_complaint import CASE_STEPS
from ..models.quality_workflow_mixin import StepRequired
from .common_investigation import InvestigationCase

LETTER = base64.b64encode(b"%PDF-1.4 objection letter").decode()


class OutsideCase(InvestigationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.expert = Partner.create({"name": "Prof. Gao", "qc_outside_role": "expert"})
        cls.arbitration = Partner.create(
            {"name": "Provincial Quality Institute", "is_company": True, "qc_outside_role": "arbitration"}
        )
        cls.subcontractor = Partner.create({"name": "Hengce Lab", "qc_outside_role": "expert"})


class TestOutsideParties(OutsideCase):
    def test_an_expert_involved_in_the_disputed_work_may_not_investigate(self):
        case = self.dispute_case(involved_partner_ids=[(6, 0, self.subcontractor.ids)])
        with self.assertRaisesRegex(ValidationError, "impartiality"), self.env.cr.savepoint():
            self.investigation(case, expert_ids=[(6, 0, self.subcontractor.ids)])
        investigation = self.investigation(case, expert_ids=[(6, 0, self.expert.ids)])
        self.env.invalidate_all()
        self.assertEqual(case.outside_party_ids, self.expert)
        # Nor does a later listing of the expert as involved slip past.
        with self.assertRaisesRegex(ValidationError, "impartiality"):
            case.with_user(self.users["customer_service"]).write(
                {"involved_partner_ids": [(4, self.expert.id)]}
            )
        self.assertEqual(investigation.expert_ids, self.expert)

    def test_an_involved_body_may_not_decide(self):
        case = self.acknowledged_case(involved_partner_ids=[(6, 0, self.arbitration.ids)])
        with self.assertRaisesRegex(ValidationError, "impartiality"):
            case.with_user(self.users["technical"]).write({"decision_partner_id": self.arbitration.id})

    def test_decided_by_the_arbitration_body_recorded_by_the_user(self):
        case = self.acknowledged_case()
        case.with_user(self.users["technical"]).write({"decision_partner_id": self.arbitration.id})
        self.decide(case)
        self.assertEqual(case.decider_id, self.users["technical"])
        self.assertEqual(
            case.decision_by, "Decided by Provincial Quality Institute, recorded by QC technical"
        )
        self.assertTrue(
            any(
                "Decided by Provincial Quality Institute, recorded by QC technical." in body
                for body in case.message_ids.mapped("body")
            )
        )
        # Frozen with the decision.
        with self.assertRaises(StepRequired):
            case.with_user(self.users["quality"]).write({"decision_partner_id": self.expert.id})

    def test_outside_parties_involved_are_only_added_after_acknowledgement(self):
        case = self.acknowledged_case(involved_partner_ids=[(6, 0, self.subcontractor.ids)])
        with self.assertRaises(StepRequired):
            case.with_user(self.users["quality"]).write({"involved_partner_ids": [(5, 0, 0)]})
        with self.assertRaisesRegex(UserError, "Only the role"):
            case.with_user(self.users["technical"]).action_remove_involved_partner(
                self.subcontractor.id, "Named by mistake."
            )
        # The dialog of the case's form takes the same step, with its reason.
        wizard = (
            self.env["quality.complaint.reason.wizard"]
            .with_user(self.users["quality"])
            .create(
                {
                    "complaint_ids": case.ids,
                    "step": "remove_involved_partner",
                    "involved_partner_id": self.subcontractor.id,
                    "reason": "Named by mistake.",
                }
            )
        )
        self.assertEqual(wizard.case_involved_partner_ids, self.subcontractor)
        wizard.action_confirm()
        self.assertFalse(case.involved_partner_ids)
        self.assertIn("Named by mistake.", case.message_ids[0].body)

    def test_a_follow_up_case_bars_the_outside_parties_of_the_first(self):
        case = self.acknowledged_case()
        case.write({"decision_partner_id": self.arbitration.id, "reply_method": "post"})
        self.approve(case)
        case.with_user(self.users["customer_service"]).action_send_reply()
        follow_up = self.Complaint.browse(
            case.with_user(self.users["customer_service"]).action_reject_outcome("Not accepted")["res_id"]
        )
        self.assertIn(self.arbitration, follow_up.involved_partner_ids)
        with self.assertRaisesRegex(ValidationError, "impartiality"):
            follow_up.write({"decision_partner_id": self.arbitration.id})


class TestObjectionLetter(OutsideCase):
    def test_signature_and_stamp_are_recorded_only_with_the_letter(self):
        with self.assertRaisesRegex(ValidationError, "attach the objection letter"):
            self.make_case(kind="appeal", channel="letter", objection_letter_signed=True)
        case = self.make_case(
            kind="appeal",
            channel="letter",
            objection_letter_file=LETTER,
            objection_letter_filename="letter.pdf",
            objection_letter_signed=True,
            objection_letter_stamped=True,
        )
        self.assertTrue(case.objection_letter_signed and case.objection_letter_stamped)

    def test_the_letter_as_received_is_kept_once_acknowledged(self):
        case = self.acknowledged_case(
            kind="appeal", objection_letter_file=LETTER, objection_letter_stamped=True
        )
        other = base64.b64encode(b"another letter").decode()
        with self.assertRaises(StepRequired):
            case.with_user(self.users["quality"]).write({"objection_letter_file": other})
        with self.assertRaises(StepRequired):
            case.with_user(self.users["quality"]).write({"objection_letter_stamped": False})
        # A recorded fact: corrected with a reason, the old value kept in the trail.
        case.with_user(self.users["customer_service"]).action_correct_fact(
            "objection_letter_signed", True, "The signature is on the second page."
        )
        self.assertTrue(case.objection_letter_signed)


class StagedCase(OutsideCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = new_test_user(
            cls.env, login="qc_head", groups="quality_complaint.group_technical_manager", name="QC head"
        )
        cls.department.leader_id = cls.head
        cls.staged_category = cls.env["quality.complaint.category"].create(
            {"name": "Clinical results", "approval_staged": True}
        )

    def staged_decision(self, **values):
        case = self.acknowledged_case(
            category_id=self.staged_category.id, department_id=self.department.id, **values
        )
        return self.decide(case)


class TestStagedApproval(StagedCase):
    def test_stages_in_order_each_signed_and_tracked(self):
        case = self.staged_decision()
        self.assertEqual((case.approval_staged, case.approval_stage), (True, "department"))
        self.assertEqual(case._qc_next_step(), "approve_department")
        with self.assertRaisesRegex(UserError, "at the approval stage Head of department"):
            case.with_user(self.users["top"]).action_approve()
        case.with_user(self.head).action_approve_department()
        self.assertEqual((case.approval_stage, case.department_approver_id), ("renegotiation", self.head))
        self.assertTrue(case._fields["approval_stage"].tracking, "each stage is tracked")
        with self.assertRaisesRegex(UserError, "renegotiated"):
            case.with_user(self.users["quality"]).action_renegotiate_plan()
        case.renegotiated_plan = "Free re-test and a refund of the fee, agreed by phone."
        case.with_user(self.users["quality"]).action_renegotiate_plan()
        self.assertEqual(case.approval_stage, "director")
        with self.assertRaises(StepRequired):
            case.write({"renegotiated_plan": "Something else."})
        with self.assertRaisesRegex(UserError, "Only the role"):
            case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["top"]).action_approve()
        self.assertEqual((case.state, case.approver_id), ("approved", self.users["top"]))
        steps = case._qc_live_signatures().mapped("step")
        self.assertEqual(sorted(steps), ["approve", "approve_department", "renegotiate_plan"])

    def test_only_the_head_of_the_department_approves_the_first_stage(self):
        case = self.staged_decision()
        with self.assertRaisesRegex(UserError, "Only the head"):
            case.with_user(self.users["quality"]).action_approve_department()
        with self.assertRaisesRegex(UserError, "Only the role"):
            case.with_user(self.users["supervisor"]).action_approve_department()
        self.assertEqual(case.approval_stage, "department")

    def test_the_head_who_decided_does_not_approve(self):
        case = self.acknowledged_case(category_id=self.staged_category.id, department_id=self.department.id)
        case.write({"validity": "valid", "resolution": "Refund.", "no_investigation_reason": "Clear."})
        case.with_user(self.head).action_submit_decision()
        with self.assertRaisesRegex(UserError, "four-eyes"):
            case.with_user(self.head).action_approve_department()

    def test_an_involved_head_is_refused(self):
        case = self.staged_decision()
        case.write({"involved_user_ids": [(4, self.head.id)]})
        with self.assertRaisesRegex(UserError, "impartiality"):
            case.with_user(self.head).action_approve_department()

    def test_the_director_is_another_person_than_the_head(self):
        self.head.group_ids = [(4, self.env.ref("quality_complaint.group_top_management").id)]
        case = self.staged_decision(renegotiated_plan="Refund agreed.")
        case.with_user(self.head).action_approve_department()
        case.with_user(self.users["quality"]).action_renegotiate_plan()
        with self.assertRaisesRegex(UserError, "another person approves it as director"):
            case.with_user(self.head).action_approve()

    def test_stages_cannot_be_written_directly(self):
        case = self.staged_decision()
        for values in (
            {"approval_stage": "director"},
            {"approval_staged": False},
            {"department_approver_id": self.head.id},
        ):
            with self.subTest(values=values), self.assertRaises(StepRequired):
                case.with_user(self.users["top"]).write(values)
        with self.assertRaises(StepRequired):
            self.Complaint.with_user(self.users["top"]).create(
                {"description": "Staged from the start.", "approval_stage": "director"}
            )

    def test_a_deadline_policy_asks_for_stages(self):
        self.env["quality.complaint.deadline.policy"].create(
            {"name": "Major: in stages", "severity": "major", "approval_staged": True}
        )
        staged = self.decide(self.acknowledged_case(major_claim=True, department_id=self.department.id))
        single = self.decide(self.acknowledged_case())
        self.assertTrue(staged.approval_staged)
        self.assertFalse(single.approval_staged)
        with self.assertRaisesRegex(UserError, "approved in one step"):
            single.with_user(self.head).action_approve_department()
        single.with_user(self.users["quality"]).action_approve()
        self.assertEqual(single.state, "approved")

    def test_reopening_voids_the_stages(self):
        case = self.staged_decision()
        case.with_user(self.head).action_approve_department()
        case.with_user(self.users["quality"]).action_reopen_decision(reason="The fee was forgotten.")
        self.assertFalse(case.approval_stage or case.department_approver_id or case.approval_staged)
        self.assertFalse(case._qc_live_signatures(("approve_department",)))

    def test_the_record_prints_the_stages_and_the_outside_decider(self):
        case = self.acknowledged_case(
            category_id=self.staged_category.id,
            department_id=self.department.id,
            decision_partner_id=self.arbitration.id,
            renegotiated_plan="Free re-test, agreed by phone.",
        )
        self.decide(case)
        case.with_user(self.head).action_approve_department()
        case.with_user(self.users["quality"]).action_renegotiate_plan()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "quality_complaint.action_report_complaint_record", case.ids
        )
        html = html.decode()
        for text in (
            "Approved by the head of department",
            "QC head",
            "Free re-test, agreed by phone.",
            "Decided by Provincial Quality Institute, recorded by QC technical",
        ):
            self.assertIn(text, html)

    def test_stage_steps_are_declared_for_the_engine(self):
        for name in ("approve_department", "renegotiate_plan"):
            self.assertTrue(CASE_STEPS[name].impartial)
            self.assertEqual(CASE_STEPS[name].from_states, ("decision",))


class TestMajorCriteria(OutsideCase):
    def test_the_seed_criteria_ship_with_the_old_ones(self):
        names = self.env["quality.complaint.major.criterion"].search([]).mapped("name")
        for name in (
            "Harms the lab's reputation",
            "The customer prepares to return goods",
            "A customer lost or ordering less",
            "Complaint about a newly developed product",
        ):
            self.assertIn(name, names)

    def test_a_criterion_record_makes_the_case_major(self):
        returns = self.env.ref("quality_complaint.major_criterion_return")
        case = self.make_case(major_criterion_ids=[(6, 0, returns.ids)])
        self.assertEqual(case.severity, "major")
        self.assertTrue(case.requires_top_approval)
        with self.assertRaisesRegex(ValidationError, "major-case criterion"):
            case.severity = "general"

    def test_the_check_boxes_of_the_api_stay_in_step(self):
        claim = self.env.ref("quality_complaint.major_criterion_claim")
        case = self.make_case(major_claim=True)
        self.assertEqual(case.major_criterion_ids, claim)
        case.major_criterion_ids = [(5, 0, 0)]
        self.assertFalse(case.major_claim)
        case.write({"major_claim": True, "severity": "major"})
        self.assertEqual(case.major_criterion_ids, claim)

    def test_criteria_are_frozen_with_the_decision(self):
        case = self.decide(self.acknowledged_case())
        returns = self.env.ref("quality_complaint.major_criterion_return")
        with self.assertRaises(StepRequired):
            case.with_user(self.users["quality"]).write({"major_criterion_ids": [(4, returns.id)]})

    def test_only_the_quality_manager_edits_the_criteria(self):
        Criterion = self.env["quality.complaint.major.criterion"]
        with self.assertRaises(UserError):
            Criterion.with_user(self.users["technical"]).create({"name": "Bad press"})
        criterion = Criterion.with_user(self.users["quality"]).create({"name": "Bad press"})
        self.assertTrue(criterion)
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.env.ref("quality_complaint.major_criterion_claim").with_user(self.users["quality"]).unlink()


class TestNonconformityLevels(OutsideCase):
    def nonconforming(self, **values):
        return self.env["quality.nonconforming.work"].create(
            {"complaint_id": self.dispute_case().id, "description": "Spike recovery not run.", **values}
        )

    def test_two_levels_refuse_moderate(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).nonconformity_levels = "2"
        with self.assertRaisesRegex(ValidationError, "classifies nonconforming work as General, Serious"):
            self.nonconforming(classification="moderate")

    def test_three_levels_take_moderate(self):
        self.env["quality.complaint.settings"]._qc_of(self.company).nonconformity_levels = "3"
        record = self.nonconforming(classification="moderate", disposition="compensation")
        self.assertEqual(record.classification, "moderate")

    def test_each_level_has_its_dispositions(self):
        with self.assertRaisesRegex(ValidationError, "its disposition is one of"):
            self.nonconforming(classification="serious", disposition="apology")
        with self.assertRaisesRegex(ValidationError, "its disposition is one of"):
            self.nonconforming(classification="general", disposition="legal_route")
        self.assertTrue(self.nonconforming(classification="serious", disposition="legal_route"))
