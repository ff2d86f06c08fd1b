import base64
import contextlib
import hashlib
import hmac
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..public_tools import PublicFormRefused
from .common import ComplaintCase, finish_intake, mails_apart
from .common_public import PDF, PNG

IP = "203.0.113.7"


@tagged("post_install", "-at_install")
class TestPublicForm(ComplaintCase):
    """The rules behind /complaint, called directly (X2, I1, I6, PIPL)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Public = cls.Complaint.with_user(cls.env.ref("base.public_user"))
        cls.params = cls.env["ir.config_parameter"].sudo()

    def values(self, **extra):
        values = {
            "kind": "complaint",
            "description": "The report arrived three weeks late.",
            "complainant_name": "Li Na",
            "complainant_email": "li.na@example.com",
            "privacy_consent": "1",
        }
        values.update(extra)
        return values

    def submit(self, files=None, ip=IP, **extra):
        return self.Public._create_from_public_form(self.values(**extra), files or [], ip)

    def assert_refused(self, status, files=None, field=None, **extra):
        before = self.Complaint.search_count([])
        attachments = self.env["ir.attachment"].search_count([("res_model", "=", "quality.complaint")])
        with self.assertRaises(PublicFormRefused) as caught:
            self.submit(files=files, **extra)
        self.assertEqual(caught.exception.http_status, status)
        if field:
            self.assertIn(field, caught.exception.errors)
        self.assertEqual(self.Complaint.search_count([]), before, "nothing is created")
        self.assertEqual(
            self.env["ir.attachment"].search_count([("res_model", "=", "quality.complaint")]), attachments
        )
        return caught.exception

    def test_routing_notice_of_a_visitors_case_comes_from_the_lab(self):
        """The public user has no address: a notice in its name could not be mailed."""
        dispute = self.env.ref("quality_complaint.category_result_dispute")
        case = self.submit(category_id=str(dispute.id))
        finish_intake(self.env)
        notices = self.env["mail.message"].search(
            [("model", "=", case._name), ("res_id", "=", case.id), ("message_type", "=", "user_notification")]
        )
        self.assertTrue(notices)
        self.assertEqual(notices.author_id, case.company_id.partner_id)

    # QR links ----------------------------------------------------------
    def test_signature_is_the_documented_hmac(self):
        secret = self.params.get_param("quality_complaint.qr_secret")
        self.assertEqual(len(secret), 64, "the secret is created at install")
        expected = hmac.new(secret.encode(), b"R-2026-0042", hashlib.sha256).hexdigest()[:16]
        url = self.Complaint.with_user(self.users["customer_service"]).qr_url_for_report(" R-2026-0042 ")
        query = parse_qs(urlsplit(url).query)
        self.assertEqual(urlsplit(url).path, "/complaint")
        self.assertEqual(query, {"report": ["R-2026-0042"], "sig": [expected]})
        self.assertTrue(self.Complaint._qc_check_report_signature("R-2026-0042", expected.upper()))
        self.assertFalse(self.Complaint._qc_check_report_signature("R-2026-0043", expected))
        self.assertFalse(
            self.Complaint._qc_check_report_signature("R-2026-0042", "报告"), "non-ASCII never raises"
        )

    def test_documented_worked_example(self):
        self.params.set_param(
            "quality_complaint.qr_secret", "3f1c9a7e5b2d48f0a6c1e9b7d3f5a2c48e6b0d9f1a3c5e7b9d2f4a6c8e0b1d3f"
        )
        self.assertEqual(self.Complaint._qc_report_signature("R-2026-0042"), "ad54bd10e2df3106")
        self.assertEqual(self.Complaint._qc_report_signature("检测-2026-7"), "9d95480c6bc672fd")

    def test_unicode_report_numbers_are_signed_as_utf8(self):
        secret = self.params.get_param("quality_complaint.qr_secret").encode()
        expected = hmac.new(secret, "检测-2026-7".encode(), hashlib.sha256).hexdigest()[:16]
        self.assertEqual(self.Complaint._qc_report_signature("检测-2026-7"), expected)

    def test_qr_png_is_a_png_of_the_signed_url(self):
        png = base64.b64decode(
            self.Complaint.with_user(self.users["customer_service"]).qr_png_for_report("R-1")
        )
        self.assertTrue(png.startswith(b"\x89PNG"))

    def test_qr_methods_are_for_customer_service(self):
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.users["department"]).qr_url_for_report("R-1")
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.users["auditor"]).qr_png_for_report("R-1")

    def test_qr_snippet_renders_in_any_report(self):
        html = self.env["ir.qweb"]._render(
            "quality_complaint.report_complaint_qr", {"report_ref": "R-9", "user": self.env.user}
        )
        self.assertIn("data:image/png;base64,", html)

    def test_label_wizard_prints_one_label_per_report(self):
        wizard = (
            self.env["quality.complaint.qr.label.wizard"]
            .with_user(self.users["customer_service"])
            .create({"report_refs": "R-1\nR-2, R-1\n\n"})
        )
        self.assertEqual([label[0] for label in wizard._qc_labels()], ["R-1", "R-2"])
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "quality_complaint.report_qr_labels")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "quality_complaint.report_qr_labels", wizard.ids
        )[0]
        self.assertEqual(html.decode().count("data:image/png;base64,"), 2)

    def test_poster_carries_the_generic_form_qr(self):
        html = self.env["ir.actions.report"]._render_qweb_html(
            "quality_complaint.report_complaint_poster", self.env.company.ids
        )[0]
        self.assertIn(b"data:image/png;base64,", html)
        self.assertIn(b"/complaint", html)

    # The form ------------------------------------------------------------
    def test_submission_creates_a_web_case_with_consent_and_token(self):
        case = self.submit(report="R-2026-0042", sig=self.Complaint._qc_report_signature("R-2026-0042"))
        self.assertEqual(case.channel, "web")
        self.assertEqual(case.state, "new")
        self.assertEqual(case.report_ref, "R-2026-0042")
        self.assertTrue(case.report_ref_verified)
        self.assertFalse(case.report_link_unverified)
        self.assertTrue(case.privacy_consent)
        self.assertTrue(case.privacy_consent_date)
        self.assertEqual(case.complainant_email, "li.na@example.com")
        self.assertFalse(case.partner_id, "a typed e-mail never links the case to a customer account")
        self.assertTrue(case.access_token)
        self.assertEqual(self.Complaint._qc_from_token(case.access_token), case)

    def test_receipt_mail_gives_the_deadline_and_tracking_link(self):
        case = self.submit()
        self.assertFalse(mails_apart(case), "the submission does not wait for the receipt to be rendered")
        self.assertTrue(case.receipt_pending)
        finish_intake(self.env)
        self.assertFalse(case.receipt_pending)
        mail = mails_apart(case)
        self.assertEqual(len(mail), 1)
        self.assertFalse(mail.model, "sent apart from the case: its readers never open the link")
        self.assertIn(case._qc_tracking_url(), mail.body_html)
        self.assertIn("We will confirm how we handle it by", mail.body_html)
        self.assertEqual(mail.email_to, "li.na@example.com")
        self.assertFalse(case.message_partner_ids, "the complainant is never made a follower")

    def test_acknowledgement_reaches_a_web_complainant_with_the_tracking_link(self):
        case = self.submit()
        case.concerns_lab = "yes"
        case.with_user(self.users["customer_service"]).action_acknowledge()
        message = case.message_ids.filtered(
            lambda m: m.message_type == "notification" and "we received your case" in (m.subject or "")
        )
        self.assertEqual(message.partner_ids.email, "li.na@example.com")
        self.assertNotIn(case.access_token, message.body, "the copy on the case holds no token")
        complainant_copy = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn(case._qc_tracking_url(), complainant_copy.body_html)

    def test_tampered_link_is_not_trusted(self):
        good = self.Complaint._qc_report_signature("R-2026-0042")
        case = self.submit(report="R-2026-0043", sig=good)
        self.assertEqual(case.report_ref, "R-2026-0043")
        self.assertFalse(case.report_ref_verified)
        self.assertTrue(case.report_link_unverified)
        typed = self.submit(report="R-7")
        self.assertFalse(typed.report_link_unverified, "a typed number without a link is not suspicious")

    def test_anonymous_case_needs_neither_contact_nor_consent(self):
        case = self.submit(is_anonymous="1", complainant_name="", complainant_email="", privacy_consent="")
        self.assertTrue(case.is_anonymous)
        self.assertFalse(case.complainant_name)
        self.assertFalse(case.privacy_consent)

    def test_missing_fields_are_refused_with_their_reasons(self):
        error = self.assert_refused(400, description="  ", complainant_name="", privacy_consent="")
        self.assertEqual(set(error.errors), {"description", "complainant_name", "privacy_consent"})
        self.assert_refused(400, field="complainant_email", complainant_email="", complainant_phone="")
        self.assert_refused(400, field="complainant_email", complainant_email="not-an-address")
        self.assert_refused(400, field="kind", kind="lawsuit")
        self.assert_refused(400, field="category_id", category_id="99999999999999999999")
        self.assert_refused(400, field="report_received_date", report_received_date="2026-02-30")
        tomorrow = fields.Date.to_string(date.today() + timedelta(days=2))
        self.assert_refused(400, field="report_received_date", report_received_date=tomorrow)
        self.assert_refused(400, field="description", description="x" * 10001)

    def test_honeypot_refuses_bots(self):
        self.assert_refused(400, website_url="http://spam.example")

    def test_rate_limit_per_address(self):
        self.params.set_param("quality_complaint.public_rate_count", 3)
        self.params.set_param("quality_complaint.public_rate_minutes", 10)
        self.submit()
        self.submit()
        # Refused attempts count too (no savepoint: the controller keeps the log row).
        with contextlib.suppress(PublicFormRefused):
            self.submit(description="")
        self.assert_refused(429)
        self.submit(ip="198.51.100.1")  # another address is not affected
        self.env.cr.execute(
            "UPDATE quality_complaint_public_log SET window_start = window_start - interval '10 minutes' WHERE ip = %s",
            [IP],
        )
        self.env["quality.complaint.public.log"].invalidate_model()
        self.submit()  # the window has passed

    def test_attachment_limits(self):
        self.env["quality.complaint.settings"]._qc_of(self.env.company).write(
            {"public_max_files": 2, "public_max_file_mb": 1}
        )
        case = self.submit(files=[("photo.png", PNG), ("letter.pdf", PDF)])
        self.assertEqual(
            sorted(
                self.env["ir.attachment"]
                .search([("res_model", "=", case._name), ("res_id", "=", case.id)])
                .mapped("name")
            ),
            ["letter.pdf", "photo.png"],
        )
        self.assert_refused(400, files=[("a.png", PNG)] * 3, field="attachments")
        self.assert_refused(400, files=[("big.pdf", PDF + b"0" * 1024 * 1024)], field="attachments")
        self.assert_refused(400, files=[("run.exe", b"MZ\x90\x00")], field="attachments")
        self.assert_refused(
            400, files=[("page.html", b"<html><script>alert(1)</script>")], field="attachments"
        )
        self.assert_refused(400, files=[("fake.pdf", b"<svg onload=alert(1)>")], field="attachments")
        self.assert_refused(400, files=[("notes.txt", b"  <script>alert(1)</script>")], field="attachments")
        self.submit(files=[("../../etc/notes.txt", b"Plain words.")])
        self.assertTrue(self.env["ir.attachment"].search([("name", "=", "notes.txt")]))

    def test_user_text_is_escaped_in_mails_and_pdfs(self):
        script = "<script>alert('x')</script>"
        case = self.submit(description=f"Bad {script}", complainant_name=f"Li {script}")
        finish_intake(self.env)
        mail = mails_apart(case)
        self.assertIn("Dear Li", mail.body_html)
        self.assertNotIn("<script>", mail.body_html)
        self.assertIn("&lt;script&gt;", mail.body_html)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_complaint.report_reply_letter", case.ids)[0]
            .decode()
        )
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;", html)
        message = case.sudo()._qc_post_public_message(f"Hello {script}", [], IP)
        self.assertNotIn("<script>", message.body)

    # Tracking -----------------------------------------------------------
    def test_tokens_are_exact(self):
        case = self.submit()
        other = self.submit()
        self.assertEqual(self.Complaint._qc_from_token(case.access_token), case)
        self.assertNotEqual(self.Complaint._qc_from_token(other.access_token), case)
        flipped = case.access_token[:-1] + ("1" if case.access_token[-1] == "0" else "0")
        for wrong in (flipped, case.access_token.upper(), "", None, "' OR 1=1 --", 42):
            self.assertFalse(self.Complaint._qc_from_token(wrong), wrong)

    def test_public_messages_hide_internal_notes(self):
        case = self.submit()
        case._qc_post_note("Internal: the analyst is on leave.")
        case.sudo()._qc_post_public_message("Any news?", [("scan.pdf", PDF)], IP)
        messages = case._qc_public_messages()
        self.assertFalse(any("analyst" in message.body for message in messages))
        colleague = self.users["quality"].partner_id
        case.sudo().message_post(
            body="Between us: check the balance log.",
            partner_ids=colleague.ids,
            subtype_xmlid="mail.mt_comment",
        )
        case.concerns_lab = "yes"
        case.with_user(self.users["customer_service"]).action_acknowledge()
        messages = case._qc_public_messages()
        self.assertFalse(any("balance log" in message.body for message in messages), "staff-only message")
        self.assertTrue(
            any("We have received your" in message.body for message in messages), "the acknowledgement"
        )
        self.assertTrue(any("Any news?" in message.body for message in messages))
        self.assertEqual(messages.attachment_ids.mapped("name"), ["scan.pdf"])

    def test_complainant_message_never_makes_a_protected_complainant_follower(self):
        case = self.make_case(is_real_name=True)
        case._portal_ensure_token()
        self.Public._qc_from_token(case.access_token)._qc_post_public_message("More facts.", [], IP)
        self.assertNotIn(self.customer, case.message_partner_ids)
        message = case._qc_public_messages()[-1]
        self.assertFalse(message.author_id, "the author is not shown on a protected case")

    def test_outcome_answer_only_once_replied(self):
        case = self.submit()
        with self.assertRaises(PublicFormRefused):
            case._qc_public_answer_outcome(True, "", IP)
        case._qc_import_history({"state": "replied", "acceptance": "pending", "reply_date": date.today()})
        self.assertFalse(case._qc_public_answer_outcome(True, "Fine.", IP))
        self.assertEqual(case.acceptance, "accepted")
        self.assertEqual(case.acceptance_note, "Fine.")
        with self.assertRaises(PublicFormRefused):
            case._qc_public_answer_outcome(False, "", IP)

    def test_rejected_outcome_opens_a_follow_up_case(self):
        case = self.submit()
        case._qc_import_history({"state": "replied", "acceptance": "pending", "reply_date": date.today()})
        follow_up = case._qc_public_answer_outcome(False, "The re-test was not witnessed.", IP)
        self.assertEqual(follow_up.parent_id, case)
        self.assertEqual(case.acceptance, "rejected")
        self.assertIn("not witnessed", follow_up.description)
        self.assertTrue(follow_up.access_token)

    def test_public_state_words_exist_for_every_state(self):
        case = self.submit()
        for state, _label in self.Complaint._fields["state"].selection:
            case._qc_import_history({"state": state})
            title, text = case._qc_public_state()
            self.assertTrue(title and text, state)

    def test_case_form_opens_for_every_role(self):
        case = self.submit()
        case.user_id = self.users["department"]
        for role, user in self.users.items():
            with self.subTest(role=role):
                form = Form(case.with_user(user))
                self.assertEqual(form.name, case.name)

    # Retention (PIPL) ---------------------------------------------------
    def test_identity_is_erased_when_retention_ends(self):
        old = self.make_case(complainant_phone="+86 138 0000 0000")
        recent = self.make_case()
        # The job's today, in the user's time zone: the UTC date differs for hours of the day.
        today = fields.Date.context_today(self.Complaint)
        self.env.cr.execute(
            "UPDATE quality_complaint SET retention_until = %s WHERE id = %s",
            [today - timedelta(days=1), old.id],
        )
        self.env.cr.execute(
            "UPDATE quality_complaint SET retention_until = %s WHERE id = %s",
            [today + timedelta(days=1), recent.id],
        )
        self.env.invalidate_all()
        self.Complaint._cron_anonymise_expired()
        self.assertEqual(old.personal_data_anonymised_date, today)
        self.assertFalse(
            old.partner_id or old.complainant_name or old.complainant_email or old.complainant_phone
        )
        self.assertTrue(old.description, "the case record itself is kept")
        self.assertEqual(recent.complainant_name, "Ms. Li")
        self.assertFalse(recent.personal_data_anonymised_date)
        self.assertIn("erased", old.message_ids[0].body)
