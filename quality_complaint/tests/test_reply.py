from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestReply(ComplaintCase):
    def _approved_case(self, **values):
        return self.approve(self.acknowledged_case(**values))

    def _messages(self, case, subject):
        return self.env["mail.message"].search(
            [("model", "=", case._name), ("res_id", "=", case.id), ("subject", "ilike", subject)]
        )

    def test_reply_letter_states_decision_reasons_actions_signature_and_escalation(self):
        case = self._approved_case(complainant_request="Correct the <b>report</b>")
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "quality_complaint.action_report_reply_letter", case.ids
            )[0]
        )
        for expected in (
            case.name,
            "justified",
            "A dilution factor was applied twice.",
            "corrected report R-1-A",
            self.users["quality"].name,
            "accreditation body",
            "Huaxin Foods",
        ):
            self.assertIn(expected, html)
        self.assertIn("Correct the &lt;b&gt;report&lt;/b&gt;", html, "complainant text is escaped")

    def test_reply_letter_of_an_anonymous_case_names_no_addressee(self):
        case = self._approved_case(is_anonymous=True)
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "quality_complaint.action_report_reply_letter", case.ids
            )[0]
        )
        self.assertNotIn("Huaxin Foods", html)
        self.assertIn(case.name, html)

    def test_reply_mail_carries_the_letter(self):
        case = self._approved_case()
        case.with_user(self.users["customer_service"]).action_send_reply()
        message = self._messages(case, "our reply")
        self.assertEqual(len(message), 1)
        self.assertTrue(message.attachment_ids, "the reply letter PDF is attached")
        self.assertIn(self.customer, message.partner_ids)

    def test_reply_by_post_is_noted_without_mail(self):
        case = self._approved_case()
        case.reply_method = "post"
        case.with_user(self.users["customer_service"]).action_send_reply()
        self.assertFalse(self._messages(case, "our reply"))
        self.assertTrue(any("Post" in (m.body or "") for m in case.message_ids))

    def test_end_notice_is_sent_and_recorded(self):
        case = self._approved_case()
        case.with_user(self.users["customer_service"]).action_send_reply()
        with self.assertRaisesRegex(UserError, "accepts"):
            case.with_user(self.users["customer_service"]).action_close()
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        case.with_user(self.users["customer_service"]).action_close()
        self.assertTrue(case.end_notice_date)
        self.assertEqual(len(self._messages(case, "has ended")), 1)

    def test_authority_referral_closes_only_with_the_letter_to_the_body(self):
        case = self._approved_case(channel="authority")
        self.assertEqual(case.approver_id, self.users["top"])
        case.with_user(self.users["customer_service"]).action_send_reply()
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        with self.assertRaisesRegex(UserError, "authority"):
            case.with_user(self.users["customer_service"]).action_close()
        self.assertEqual(case.state, "replied")
        case.write({"authority_letter_date": "2026-04-20", "authority_letter_ref": "CNAS-2026-117"})
        case.with_user(self.users["customer_service"]).action_close()
        self.assertEqual(case.state, "closed")

    def test_authority_referral_is_reported_to_top_management_at_once(self):
        case = self.make_case(channel="authority")
        self.assertIn(self.users["top"], case.activity_ids.user_id)

    def test_regulatory_reportability_is_behind_a_setting(self):
        group = self.env.ref("quality_complaint.group_regulatory_reporting")
        self.assertNotIn(group, self.users["quality"].all_group_ids)
        settings = self.env["res.config.settings"].create({"group_qc_regulatory_reporting": True})
        settings.execute()
        self.assertIn(group, self.users["quality"].all_group_ids)
        view = self.Complaint.with_user(self.users["quality"]).get_views([(False, "form")])
        self.assertIn("regulatory_reportable", view["views"]["form"]["arch"])
