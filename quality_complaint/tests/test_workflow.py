from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ROLES, ComplaintCase, finish_intake


@tagged("post_install", "-at_install")
class TestWorkflow(ComplaintCase):
    def _decide(self, case, role="technical", **values):
        case.write({"validity": "valid", "resolution": "Re-issue the report.", **values})
        return case.with_user(self.users[role]).action_submit_decision()

    def test_full_lifecycle(self):
        case = self.acknowledged_case()
        self.assertEqual(case.state, "acknowledged")
        self.assertTrue(case.ack_date and case.plan_deadline and case.reply_deadline)
        self.assertIs(case.with_user(self.users["supervisor"]).action_start_investigation(), True)
        self.assertIs(self._decide(case), True)
        self.assertEqual((case.state, case.decider_id), ("decision", self.users["technical"]))
        self.assertIs(case.with_user(self.users["quality"]).action_approve(), True)
        self.assertEqual((case.state, case.approver_id), ("approved", self.users["quality"]))
        self.assertIs(case.with_user(self.users["customer_service"]).action_send_reply(), True)
        self.assertEqual((case.state, case.acceptance), ("replied", "pending"))
        self.assertTrue(case.reply_date)
        self.assertIs(case.with_user(self.users["customer_service"]).action_accept_outcome(), True)
        self.assertTrue(case.activity_ids.filtered(lambda a: a.summary == "Follow up with the complainant"))
        case.no_capa_reason = "One-off slip, no system cause."
        self.assertIs(case.with_user(self.users["customer_service"]).action_close(), True)
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.close_date and case.end_notice_date)

    def test_each_step_refuses_the_wrong_state_and_changes_nothing(self):
        case = self.make_case(concerns_lab="yes")
        for method in (
            "action_start_investigation",
            "action_submit_decision",
            "action_approve",
            "action_send_reply",
            "action_accept_outcome",
            "action_reject_outcome",
            "action_close",
            "action_resume",
        ):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(case.with_user(self.users["top"]), method)()
            self.assertEqual(case.state, "new")

    def test_each_step_refuses_a_role_too_low(self):
        case = self.make_case(concerns_lab="yes", user_id=self.users["department"].id)
        with self.assertRaises(UserError):
            case.with_user(self.users["department"]).action_acknowledge()
        case.with_user(self.users["customer_service"]).action_acknowledge()
        with self.assertRaises(UserError):
            case.with_user(self.users["customer_service"]).action_start_investigation()
        case.with_user(self.users["supervisor"]).action_start_investigation()
        case.write({"validity": "valid", "resolution": "Plan"})
        with self.assertRaises(UserError):
            case.with_user(self.users["supervisor"]).action_submit_decision()
        self.assertEqual(case.state, "investigation")
        case.with_user(self.users["technical"]).action_submit_decision()
        with self.assertRaises(UserError):
            case.with_user(self.users["technical"]).action_approve()
        self.assertEqual(case.state, "decision")

    def test_top_management_approves_major_compensation_and_authority(self):
        for values in ({"severity": "major"}, {"compensation_amount": 800.0}, {"channel": "authority"}):
            with self.subTest(values=values):
                # The channel is recorded at registration; the rest is decided.
                registered = {key: value for key, value in values.items() if key == "channel"}
                case = self.acknowledged_case(no_investigation_reason="Obvious clerical error", **registered)
                self._decide(case, **{key: value for key, value in values.items() if key != "channel"})
                self.assertTrue(case.requires_top_approval)
                with self.assertRaises(UserError):
                    case.with_user(self.users["quality"]).action_approve()
                self.assertEqual(case.state, "decision")
                case.with_user(self.users["top"]).action_approve()
                self.assertEqual(case.approver_id, self.users["top"])

    def test_approved_decision_is_read_only(self):
        case = self.acknowledged_case(no_investigation_reason="Clerical")
        self._decide(case)
        case.with_user(self.users["quality"]).action_approve()
        for values in ({"resolution": "Something else"}, {"validity": "invalid"}, {"compensation_amount": 5}):
            with self.subTest(values=values), self.assertRaises(UserError):
                case.with_user(self.users["top"]).write(values)
        self.assertEqual(case.resolution, "Re-issue the report.")

    def test_decision_needs_validity_reason_and_plan(self):
        case = self.acknowledged_case()
        case.with_user(self.users["supervisor"]).action_start_investigation()
        with self.assertRaisesRegex(UserError, "valid"):
            case.with_user(self.users["technical"]).action_submit_decision()
        case.write({"validity": "invalid", "resolution": "Explain"})
        with self.assertRaisesRegex(UserError, "invalid"):
            case.with_user(self.users["technical"]).action_submit_decision()
        case.write({"invalid_reason": "misunderstanding"})
        case.with_user(self.users["technical"]).action_submit_decision()
        self.assertEqual(case.state, "decision")

    def test_not_investigated_needs_reason_and_records_who_decided(self):
        case = self.acknowledged_case()
        case.write({"validity": "valid", "resolution": "Apologise"})
        with self.assertRaisesRegex(UserError, "not investigated"):
            case.with_user(self.users["technical"]).action_submit_decision()
        case.no_investigation_reason = "The customer's own calculation error, shown on the phone."
        case.with_user(self.users["technical"]).action_submit_decision()
        self.assertEqual(case.no_investigation_by_id, self.users["technical"])

    def test_impartiality_constraint_on_every_role(self):
        involved = self.users["technical"]
        for field_name in ("user_id", "investigator_ids"):
            with self.subTest(field=field_name), self.assertRaises(ValidationError):
                value = involved.id if field_name == "user_id" else [(6, 0, involved.ids)]
                self.make_case(involved_user_ids=[(6, 0, involved.ids)], **{field_name: value})

    def test_involved_people_can_neither_decide_nor_approve(self):
        case = self.acknowledged_case(
            involved_user_ids=[(6, 0, (self.users["technical"] | self.users["quality"]).ids)],
            no_investigation_reason="Clerical",
        )
        case.write({"validity": "valid", "resolution": "Plan"})
        with self.assertRaisesRegex(UserError, "impartiality"):
            case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["top"]).action_submit_decision()
        with self.assertRaisesRegex(UserError, "impartiality"):
            case.with_user(self.users["quality"]).action_approve()
        with self.assertRaisesRegex(UserError, "four-eyes"):
            case.with_user(self.users["top"]).action_approve()
        other_top = new_test_user(self.env, login="qc_top_2", groups=ROLES["top"])
        case.with_user(other_top).action_approve()
        self.assertEqual((case.state, case.approver_id), ("approved", other_top))

    def test_rejected_outcome_opens_a_linked_case_without_earlier_deciders(self):
        case = self.acknowledged_case(no_investigation_reason="Clerical")
        self._decide(case)
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        action = case.with_user(self.users["customer_service"]).action_reject_outcome(
            note="The re-test was not witnessed."
        )
        follow_up = self.Complaint.browse(action["res_id"])
        self.assertEqual(action["res_model"], "quality.complaint")
        self.assertEqual(follow_up.parent_id, case)
        self.assertEqual(follow_up.kind, "appeal")
        self.assertEqual(follow_up.partner_id, self.customer)
        self.assertEqual(follow_up.description, "The re-test was not witnessed.")
        self.assertIn(self.users["technical"], follow_up.involved_user_ids)
        self.assertIn(self.users["quality"], follow_up.involved_user_ids)
        self.assertEqual(case.acceptance, "rejected")
        # Whoever approved the earlier case takes no step on the follow-up.
        follow_up.concerns_lab = "yes"
        follow_up.with_user(self.users["customer_service"]).action_acknowledge()
        with self.assertRaises(UserError):
            follow_up.with_user(self.users["quality"]).action_start_investigation()

    def test_major_criteria_raise_severity(self):
        case = self.make_case(severity="minor")
        self.assertEqual(case.severity, "minor")
        case.major_regulator_media = True
        self.assertEqual(case.severity, "major")
        with self.assertRaises(ValidationError):
            case.severity = "general"
        critical = self.make_case(severity="critical", major_injury=True)
        self.assertEqual(critical.severity, "critical")

    def test_category_routing_proposes_handler_and_notifies(self):
        category = self.env.ref("quality_complaint.category_result_dispute")
        case = self.make_case(category_id=category.id)
        technical_managers = self.env.ref("quality_complaint.group_technical_manager").all_user_ids
        notices_of_the_case = [
            ("model", "=", case._name),
            ("res_id", "=", case.id),
            ("message_type", "=", "user_notification"),
        ]
        self.assertFalse(self.env["mail.message"].search(notices_of_the_case), "told by the intake job")
        finish_intake(self.env)
        notice = self.env["mail.message"].search(notices_of_the_case)
        # One notice per language of its readers (the demo's managers read Chinese), each
        # to exactly the managers of that language.
        readers = technical_managers.filtered(lambda u: not u.share)
        self.assertEqual(len(notice), len(set(readers.mapped("lang"))))
        for message in notice:
            self.assertEqual(len(set(message.partner_ids.mapped("lang"))), 1)
        self.assertIn(self.users["technical"].partner_id, notice.partner_ids)
        self.assertEqual(notice.partner_ids, readers.partner_id)
        self.assertNotIn(
            self.users["technical"].partner_id, case.message_partner_ids, "notified, not following"
        )
        category.routing_user_id = self.users["supervisor"]
        routed = self.make_case(category_id=category.id)
        self.assertEqual(routed.user_id, self.users["supervisor"])
        self.assertEqual(routed.activity_ids.user_id, self.users["supervisor"])
        # Routing proposes; others of the right level may still act.
        routed.with_user(self.users["customer_service"]).write({"concerns_lab": "yes"})
        routed.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(routed.state, "acknowledged")

    def test_similar_cases_same_report_customer_product_or_category(self):
        first = self.make_case(report_ref="R-2026-001")
        other_customer = self.env["res.partner"].create({"name": "Other"})
        same_report = self.make_case(report_ref="R-2026-001", partner_id=other_customer.id, category_id=False)
        unrelated = self.make_case(
            partner_id=other_customer.id, category_id=self.env.ref("quality_complaint.category_fees").id
        )
        self.assertIn(same_report, first.similar_complaint_ids)
        self.assertNotIn(unrelated, first.similar_complaint_ids)
        self.assertNotIn(first, first.similar_complaint_ids)
        self.assertEqual(first.similar_complaint_count, len(first.similar_complaint_ids))

    def test_cancel_needs_a_reason(self):
        case = self.make_case()
        with self.assertRaises(UserError):
            case.with_user(self.users["supervisor"]).action_cancel()
        wizard = (
            self.env["quality.complaint.reason.wizard"]
            .with_user(self.users["supervisor"])
            .create({"complaint_ids": [(6, 0, case.ids)], "step": "cancel", "reason": "Duplicate of CMP/1"})
        )
        wizard.action_confirm()
        self.assertEqual((case.state, case.cancel_reason), ("cancelled", "Duplicate of CMP/1"))
        with self.assertRaises(UserError):
            case.with_user(self.users["customer_service"]).action_cancel()

    def test_negotiated_agreement_and_late_notice(self):
        case = self.acknowledged_case()
        case.write({"negotiated_agreement": "Free re-test of lot 7", "agreement_date": "2026-03-04"})
        with self.assertRaises(UserError):
            case.with_user(self.users["customer_service"]).action_send_late_notice()
        case.late_notice_reason = "The retained sample is at the subcontractor."
        case.with_user(self.users["customer_service"]).action_send_late_notice()
        self.assertTrue(case.late_notice_date)
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", case._name),
                    ("res_id", "=", case.id),
                    ("subject", "ilike", "needs more time"),
                ]
            )
        )
