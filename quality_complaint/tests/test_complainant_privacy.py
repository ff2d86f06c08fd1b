from datetime import date, timedelta

from markupsafe import Markup

from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..audit_trail import TrailRecordRefused
from .common import ComplaintCase, load_migration, mails_apart


@tagged("post_install", "-at_install")
class TestComplainantPrivacy(ComplaintCase, MockEmail):
    """The complainant's name and tracking link stay in their own mail; a
    protected identity leaves the chatter's headers; retention ends in a
    recorded redaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls.users["customer_service"]
        cls.handler = cls.users["department"]
        cls.admin = cls.env.ref("base.user_admin")
        cls.lawyer = cls.env["res.partner"].create({"name": "Lab lawyer", "email": "lawyer@lab.example"})

    def mails_to(self, address):
        return [mail for mail in self._mails if any(address in recipient for recipient in mail["email_to"])]

    def case_messages(self, case, user):
        return (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", case._name), ("res_id", "=", case.id)])
        )

    # Salutation and tracking link ------------------------------------------
    def test_tracking_link_and_salutation_are_only_in_the_complainants_copy(self):
        case = self.make_case(concerns_lab="yes")
        case.message_subscribe(self.lawyer.ids)
        with self.mock_mail_gateway():
            case.with_user(self.clerk).action_acknowledge()
        token = case.sudo().access_token
        posted = case.message_ids.filtered(lambda message: "we received your case" in (message.subject or ""))
        self.assertEqual(len(posted), 1)
        for text in (token, "Ms. Li", "Dear"):
            self.assertNotIn(text, posted.body, "the copy every reader of the case opens")
        [complainant_copy] = self.mails_to(self.customer.email)
        self.assertIn("Dear Ms. Li,", complainant_copy["body"])
        self.assertIn(case._qc_tracking_url(), complainant_copy["body"])
        [lawyer_copy] = self.mails_to(self.lawyer.email)
        self.assertNotIn(token, lawyer_copy["body"])
        self.assertNotIn("Ms. Li", lawyer_copy["body"])

    def test_receipt_is_mailed_apart_and_kept_with_the_identity(self):
        case = self.make_case(partner_id=False, complainant_email="li.na@example.com")
        case._qc_send_receipt()
        token = case.sudo().access_token
        on_case = self.env["mail.message"].search([("model", "=", case._name), ("res_id", "=", case.id)])
        self.assertFalse(any(token in (message.body or "") for message in on_case))
        apart = case.sudo().identity_id.apart_message_ids
        self.assertEqual(len(apart), 1)
        self.assertFalse(apart.model or apart.res_id)
        mail = mails_apart(case)
        self.assertIn(case._qc_tracking_url(), mail.body_html)
        self.assertEqual(mail.email_to, "li.na@example.com")
        self.assertFalse(
            self.env["mail.message"].with_user(self.users["auditor"]).search([("id", "=", apart.id)])
        )

    def test_receipts_mailed_together_each_reach_only_their_complainant(self):
        # Rendered in one batch: nothing of one complainant may reach another.
        by_address = self.make_case(partner_id=False, complainant_email="li.na@example.com")
        by_partner = self.make_case()
        other = self.make_case(partner_id=False, complainant_email="wang.wei@example.com")
        cases = by_address | by_partner | other
        with self.mock_mail_gateway():
            cases._qc_send_receipt()
        expected = {
            by_address: (self.env["res.partner"], "li.na@example.com"),
            by_partner: (self.customer, False),
            other: (self.env["res.partner"], "wang.wei@example.com"),
        }
        for case, (partners, email) in expected.items():
            with self.subTest(case=case.name):
                mail = mails_apart(case)
                self.assertEqual(len(mail), 1)
                self.assertEqual(mail.recipient_ids, partners)
                self.assertEqual(mail.email_to or False, email)
                self.assertFalse(mail.email_cc)
                self.assertIn(case._qc_tracking_url(), mail.body_html)
                self.assertIn(case.name, mail.subject)
                for stranger in cases - case:
                    self.assertNotIn(stranger.sudo().access_token, mail.body_html)
                    self.assertNotIn(stranger.name, mail.body_html)

    # Sealed headers on a protected identity ----------------------------------
    def _mail_from_the_complainant(self, case):
        return case.message_post(
            body="The lead value is wrong.",
            author_id=self.customer.id,
            email_from='"Ms. Li" <li@huaxin.example>',
            reply_to="li@huaxin.example",
            message_type="email",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )

    def test_protecting_an_identity_seals_the_complainants_headers(self):
        case = self.make_case(user_id=self.handler.id)
        message = self._mail_from_the_complainant(case)
        case.with_user(self.clerk).confidential = True
        for role in ("department", "auditor", "records"):
            with self.subTest(role=role):
                user = self.users[role]
                [headers] = message.with_user(user).read(
                    ["author_id", "email_from", "reply_to", "partner_ids"]
                )
                self.assertFalse(headers["author_id"])
                self.assertEqual(headers["email_from"], "Complainant")
                self.assertFalse(headers["reply_to"])
                self.assertNotIn(self.customer.id, headers["partner_ids"])
                self.assertFalse(message.sudo().notification_ids.res_partner_id & self.customer)
                found = (
                    self.env["mail.message"].with_user(user).search([("email_from", "ilike", "li@huaxin")])
                )
                self.assertNotIn(message, found, "nor found by searching for the address")
                identities = self.env["quality.complaint.identity"].with_user(user)
                self.assertFalse(identities.search([("id", "=", case.identity_id.id)]), "nor the vault")
        sealed = case.sudo().identity_id.sealed_headers[str(message.id)]
        self.assertEqual(sealed["author_id"], self.customer.id)
        self.assertEqual(sealed["email_from"], '"Ms. Li" <li@huaxin.example>')
        self.assertEqual(sealed["partner_ids"], self.customer.ids)
        self.assertIn(
            "The lead value is wrong.", message.with_user(self.handler).body, "the body stays as written"
        )

    def test_a_mail_on_a_protected_identity_is_sealed_when_posted(self):
        case = self.make_case(is_real_name=True)
        message = self._mail_from_the_complainant(case)
        self.assertFalse(message.author_id)
        self.assertNotIn(self.customer, message.partner_ids)
        self.assertIn(str(message.id), case.sudo().identity_id.sealed_headers)

    def test_nobody_edits_the_sealed_headers(self):
        case = self.make_case(confidential=True)
        self._mail_from_the_complainant(case)
        identity = case.sudo().identity_id
        for user in (self.clerk, self.users["top"]):
            for context in ({}, {"qc_trail_rewrite": ["sealed_headers"]}):
                with self.subTest(user=user.login, context=context), self.assertRaises(TrailRecordRefused):
                    identity.with_user(user).with_context(**context).write({"sealed_headers": {}})
        with self.assertRaises(TrailRecordRefused):
            identity.with_user(self.clerk).write({"apart_message_ids": [(5, 0, 0)]})

    def test_nobody_rewrites_who_wrote_a_message(self):
        case = self.make_case()
        note = case.with_user(self.clerk).message_post(
            body="Called the customer.", subtype_xmlid="mail.mt_note"
        )
        self.env.cr.execute(
            "UPDATE mail_message SET create_date = create_date - interval '1 hour' WHERE id = %s", [note.id]
        )
        self.env.invalidate_all()
        for values in (
            {"author_id": self.users["quality"].partner_id.id},
            {"email_from": "x@y"},
            {"date": "2020-01-01"},
        ):
            with self.subTest(values=values), self.assertRaises(TrailRecordRefused):
                note.with_user(self.clerk).write(values)

    def test_letter_of_a_protected_identity_is_kept_with_the_identity(self):
        case = self.acknowledged_case(is_real_name=True, user_id=self.handler.id, reply_method="email")
        self.approve(case)
        case.with_user(self.clerk).action_send_reply()
        letter = case.sudo()._qc_issued_signature("send_reply").document_id
        self.assertEqual(
            (letter.res_model, letter.res_id), ("quality.complaint.identity", case.identity_id.id)
        )
        for role in ("department", "auditor", "records"):
            with self.subTest(role=role):
                readable = (
                    self.env["ir.attachment"].with_user(self.users[role]).search([("id", "=", letter.id)])
                )
                self.assertFalse(readable, "the letter names the complainant")
                on_case = (
                    self.env["ir.attachment"]
                    .with_user(self.users[role])
                    .search([("res_model", "=", case._name), ("res_id", "=", case.id)])
                )
                self.assertFalse(on_case.filtered(lambda file: file.name.startswith("Reply")))

    # Redaction at the end of retention --------------------------------------
    def _expired(self, case):
        self.env.cr.execute(
            "UPDATE quality_complaint SET retention_until = %s, close_date = %s WHERE id = %s",
            [date.today() - timedelta(days=1), date.today() - timedelta(days=5 * 366), case.id],
        )
        self.env.invalidate_all()

    def test_retention_end_redacts_the_trail_and_records_it(self):
        case = self.make_case(complainant_name="Erase Me Wang", complainant_phone="13800138000")
        message = self._mail_from_the_complainant(case)
        note = case.with_user(self.clerk).message_post(
            body=Markup("Erase Me Wang phoned from 13800138000 about &lt;R-1&gt;."),
            subtype_xmlid="mail.mt_note",
        )
        case._qc_send_receipt()
        apart = case.sudo().identity_id.apart_message_ids
        self._expired(case)
        self.Complaint._cron_anonymise_expired()
        for written in (note, message, apart):
            self.assertNotIn("Erase Me Wang", written.body)
            self.assertNotIn("13800138000", written.body)
        self.assertIn("[personal data removed]", note.body)
        self.assertIn("about &lt;R-1&gt;", note.body, "the rest of the text is kept")
        self.assertFalse(message.author_id or message.reply_to)
        self.assertNotIn(self.customer, message.partner_ids)
        self.assertNotIn(
            "Erase Me Wang", self.env["mail.mail"].search([("mail_message_id", "=", apart.id)]).body_html
        )
        self.assertFalse(case.sudo().identity_id.sealed_headers)
        redaction = case.with_user(self.users["records"]).redaction_ids
        self.assertEqual(len(redaction), 1)
        self.assertGreaterEqual(redaction.message_count, 2, "the note and the receipt")
        self.assertGreaterEqual(redaction.header_count, 1)
        self.assertIn("kept 5 years", redaction.rule)
        self.assertIn("Phone", redaction.data_kinds)

    def test_redaction_records_are_never_changed_and_never_forged(self):
        case = self.make_case()
        self._expired(case)
        self.Complaint._cron_anonymise_expired()
        redaction = case.sudo().redaction_ids
        for user in (self.users["records"], self.users["top"], self.admin):
            with self.subTest(user=user.login):
                with self.assertRaises(TrailRecordRefused):
                    redaction.with_user(user).write({"rule": "none"})
                with self.assertRaises(AccessError):
                    redaction.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["quality.complaint.redaction"].with_user(user).create(
                        {"complaint_id": case.id, "redaction_date": "2026-01-01", "rule": "forged"}
                    )

    def test_only_the_retention_job_rewrites_a_message(self):
        case = self.make_case(complainant_name="Erase Me Wang")
        note = case.with_user(self.clerk).message_post(
            body="Erase Me Wang phoned.", subtype_xmlid="mail.mt_note"
        )
        self.env.cr.execute(
            "UPDATE mail_message SET create_date = create_date - interval '1 hour' WHERE id = %s", [note.id]
        )
        self.env.invalidate_all()
        for context in ({"qc_trail_rewrite": ["body"]}, {"qc_trail_rewrite": True}):
            with self.subTest(context=context), self.assertRaises(TrailRecordRefused):
                note.with_user(self.admin).with_context(**context).write({"body": "Redacted by hand."})

    # Follow-up surveys ---------------------------------------------------------
    def test_followup_response_holds_no_contact_and_is_mailed_apart(self):
        case = self.make_case(is_real_name=True, user_id=self.handler.id)
        case._qc_import_history(
            {"state": "replied", "acceptance": "pending", "reply_date": date.today() - timedelta(days=7)}
        )
        response = (
            self.env["quality.satisfaction.survey"]
            ._cron_followup_surveys()
            .filtered(lambda response: response.complaint_id == case)
        )
        self.assertFalse(response.partner_id or response.email)
        for role in ("auditor", "records"):
            [values] = response.with_user(self.users[role]).read(["partner_id", "email"])
            self.assertFalse(values["partner_id"] or values["email"])
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.customer.ids), ("model", "=", False)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(response.sudo().access_token, mail.body_html)
        self.assertFalse(
            self.env["mail.message"].search([("model", "=", response._name), ("res_id", "=", response.id)]),
            "no copy of the personal link on the survey",
        )

    # The upgrade of existing databases ----------------------------------------
    def test_upgrade_moves_salutation_and_link_out_of_the_stored_bodies(self):
        old = (
            "<div><p>Dear <t t-out=\"object.complainant_name or object.partner_id.name or 'customer'\"/>,</p>"
            "<p>We have received your case.</p>"
            '<p>Follow your case and write to us here: <a t-att-href="object._qc_tracking_url()" '
            't-out="object._qc_tracking_url()"/></p><p>Kind regards</p></div>'
        )
        new = load_migration("19.0.1.3.0")._without_moved_paragraphs(old)
        self.assertEqual(new, "<div><p>We have received your case.</p><p>Kind regards</p></div>")
        chinese = (
            "<div><p>尊敬的<t t-out=\"object.complainant_name or object.partner_id.name or '客户'\"/>：</p>"
            "<p>我们已收到您的案件。</p></div>"
        )
        self.assertEqual(
            load_migration("19.0.1.3.0")._without_moved_paragraphs(chinese),
            "<div><p>我们已收到您的案件。</p></div>",
        )
        reworded = "<div><p>Hello from our lab.</p></div>"
        self.assertEqual(load_migration("19.0.1.3.0")._without_moved_paragraphs(reworded), reworded)

    def test_portal_user_complainant_gets_the_tracking_link(self):
        portal = new_test_user(
            self.env, login="qc_portal_wu", groups="base.group_portal", email="wu@x.example"
        )
        case = self.make_case(
            partner_id=portal.partner_id.id, complainant_email="wu@x.example", concerns_lab="yes"
        )
        with self.mock_mail_gateway():
            case.with_user(self.clerk).action_acknowledge()
        [copy] = self.mails_to("wu@x.example")
        self.assertIn(case._qc_tracking_url(), copy["body"])
