from datetime import date
from unittest.mock import patch
from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import finish_intake, mails_apart
from .common_public import PDF, PNG, PublicCase


@tagged("post_install", "-at_install")
class TestPublicPages(PublicCase):
    """/complaint and /complaint/status/<token> through HTTP: every refusal is a page, never a 500."""

    def signed_url(self, report_ref):
        return "/complaint?" + urlencode(
            {"report": report_ref, "sig": self.Complaint._qc_report_signature(report_ref)}
        )

    def test_form_opens_without_login_and_fits_a_phone(self):
        response = self.url_open("/complaint")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="viewport" content="width=device-width, initial-scale=1"', response.text)
        self.assertIn('action="/complaint/submit"', response.text)
        self.assertIn('href="/complaint/process"', response.text)
        self.assertIn('href="/complaint/privacy"', response.text)
        for page in ("/complaint/process", "/complaint/privacy"):
            self.assertEqual(self.url_open(page).status_code, 200, page)

    def test_signed_link_fills_the_report_number_read_only(self):
        text = self.url_open(self.signed_url("R-2026-0042")).text
        self.assertRegex(text, r'<input[^>]*name="report"[^>]*readonly="readonly"[^>]*value="R-2026-0042"')
        self.assertNotIn("o_qc_unverified", text)

    def test_tampered_link_opens_the_form_but_warns(self):
        url = "/complaint?" + urlencode(
            {"report": "R-2026-0043", "sig": self.Complaint._qc_report_signature("R-2026-0042")}
        )
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qc_unverified", response.text)
        self.assertNotRegex(response.text, r'name="report"[^>]*readonly')
        hostile = self.url_open("/complaint?report=%3Cscript%3E&sig=%E6%8A%A5%E5%91%8A")
        self.assertEqual(hostile.status_code, 200)
        self.assertNotIn("<script>", hostile.text.split("<body")[1].split("csrf")[0])

    def test_submission_redirects_to_the_tracking_page(self):
        before = self.count_cases()
        response = self.submit(files=[("attachments", ("photo.png", PNG, "image/png"))])
        self.assertEqual(response.status_code, 303)
        self.assertIn("/complaint/status/", response.headers["Location"])
        self.assertEqual(self.count_cases(), before + 1)
        case = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(case.channel, "web")
        self.assertEqual(
            self.env["ir.attachment"].search([("res_model", "=", case._name), ("res_id", "=", case.id)]).name,
            "photo.png",
        )
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(case.name, page.text)
        self.assertIn("Registered", page.text)

    def test_complainant_keeps_a_session_after_submitting(self):
        # Without one, every later request of theirs would list the server's
        # databases over a connection of its own.
        response = self.submit()
        session = http.root.session_store.get(self.opener.cookies["session_id"])
        self.assertEqual(session.db, self.env.cr.dbname)
        with patch.object(http, "db_list", side_effect=AssertionError("the databases were listed")):
            page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)

    @mute_logger("odoo.http")
    def test_missing_csrf_token_is_refused(self):
        before = self.count_cases()
        response = self.submit(csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertIn("<html", response.text)
        self.assertEqual(self.count_cases(), before)

    def test_every_refusal_answers_a_page_and_creates_nothing(self):
        self.env["quality.complaint.settings"]._qc_of(self.env.company).write(
            {"public_max_files": 2, "public_max_file_mb": 1}
        )
        refusals = {
            "honeypot": ({"website_url": "http://spam.example"}, None, 400, "could not be accepted"),
            "missing fields": ({"description": "", "privacy_consent": None}, None, 400, "is-invalid"),
            "too many files": (
                {},
                [("attachments", ("a.png", PNG, "image/png"))] * 3,
                400,
                "at most 2 files",
            ),
            "too large": (
                {},
                [("attachments", ("a.pdf", PDF + b"0" * 1024 * 1024, "application/pdf"))],
                400,
                "larger than 1 MB",
            ),
            "wrong type": ({}, [("attachments", ("a.html", b"<html>", "text/html"))], 400, "not accepted"),
            "disguised": (
                {},
                [("attachments", ("a.pdf", b"<html>", "application/pdf"))],
                400,
                "not the kind of file",
            ),
            "bad kind": ({"kind": "<b>x</b>"}, None, 400, "is-invalid"),
        }
        before_cases, before_files = self.count_cases(), self.count_attachments()
        for name, (values, files, status, text) in refusals.items():
            with self.subTest(name):
                response = self.submit(files=files, **values)
                self.assertEqual(response.status_code, status)
                self.assertIn(text, response.text)
                self.assertIn("</html>", response.text)
        self.assertEqual((self.count_cases(), self.count_attachments()), (before_cases, before_files))

    def test_rate_limit_answers_429(self):
        self.params.set_param("quality_complaint.public_rate_count", 2)
        self.assertEqual(self.submit().status_code, 303)
        self.assertEqual(self.submit().status_code, 303)
        before = self.count_cases()
        response = self.submit()
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many submissions", response.text)
        self.assertEqual(self.count_cases(), before)

    def test_user_text_is_escaped_on_the_pages(self):
        location = self.submit(
            description="<img src=x onerror=alert(1)> broken", complainant_name="<b>Li</b>"
        ).headers["Location"]
        case = self.Complaint.search([], order="id desc", limit=1)
        page = self.url_open(location).text
        self.assertNotIn("<img src=x", page)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt; broken", page)
        finish_intake(self.env)
        receipt = mails_apart(case)
        self.assertIn("&lt;b&gt;Li&lt;/b&gt;", receipt.body_html)

    def test_wrong_or_guessed_tokens_give_404(self):
        self.submit()
        case = self.Complaint.search([], order="id desc", limit=1)
        for token in (
            "00000000-0000-4000-8000-000000000000",
            case.access_token[:-1] + ("0" if case.access_token[-1] != "0" else "1"),
            "not-a-token",
            "%27%20OR%201%3D1",
        ):
            with self.subTest(token):
                self.assertEqual(self.url_open(f"/complaint/status/{token}").status_code, 404)
        self.assertEqual(
            self.url_open(f"/complaint/status/{case.access_token}/attachment/1").status_code, 404
        )
        self.assertEqual(self.url_open(f"/my/complaints/{case.id}").status_code, 404, "no token, no login")
        self.assertEqual(
            self.url_open(f"/my/complaints/{case.id}?access_token={case.access_token}").status_code, 200
        )

    def test_complainant_writes_and_answers_the_outcome(self):
        location = self.submit().headers["Location"]
        case = self.Complaint.search([], order="id desc", limit=1)
        csrf = self.csrf_from(location)
        response = self.url_open(
            f"/complaint/status/{case.access_token}/message",
            data={"csrf_token": csrf, "body": "Here is the invoice."},
            files=[("attachments", ("invoice.pdf", PDF, "application/pdf"))],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        page = self.url_open(location).text
        self.assertIn("Here is the invoice.", page)
        attachment = case._qc_public_messages().attachment_ids
        self.assertEqual(attachment.name, "invoice.pdf")
        download = self.url_open(f"/complaint/status/{case.access_token}/attachment/{attachment.id}")
        self.assertEqual(download.content, PDF)
        empty = self.url_open(
            f"/complaint/status/{case.access_token}/message", data={"csrf_token": csrf, "body": " "}
        )
        self.assertEqual(empty.status_code, 400)
        # The outcome can be answered once the reply was sent.
        refused = self.url_open(
            f"/complaint/status/{case.access_token}/answer", data={"csrf_token": csrf, "decision": "accept"}
        )
        self.assertEqual(refused.status_code, 400)
        case._qc_import_history({"state": "replied", "acceptance": "pending", "reply_date": date.today()})
        self.assertIn("Do you accept our answer?", self.url_open(location).text)
        bogus = self.url_open(
            f"/complaint/status/{case.access_token}/answer", data={"csrf_token": csrf, "decision": "maybe"}
        )
        self.assertEqual(bogus.status_code, 400)
        response = self.url_open(
            f"/complaint/status/{case.access_token}/answer",
            data={"csrf_token": csrf, "decision": "reject", "note": "Not convinced."},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(case.acceptance, "rejected")
        self.assertTrue(case.child_ids)
        self.assertIn(case.child_ids.access_token, response.headers["Location"])

    def test_tracking_page_tells_the_truth_after_each_answer(self):
        accepting = self.Complaint.browse(self.url_open_case())
        rejecting = self.Complaint.browse(self.url_open_case())
        (accepting | rejecting)._qc_import_history(
            {"state": "replied", "acceptance": "pending", "reply_date": date.today()}
        )
        for case, decision in ((accepting, "accept"), (rejecting, "reject")):
            page = f"/complaint/status/{case.access_token}"
            self.url_open(
                f"{page}/answer",
                data={"csrf_token": self.csrf_from(page), "decision": decision},
                allow_redirects=False,
            )
        accepted = self.url_open(f"/complaint/status/{accepting.access_token}").text
        self.assertNotIn("o_qc_outcome", accepted, "no longer asks")
        self.assertNotIn("Please tell us whether you accept", accepted)
        self.assertIn("You accepted our answer", accepted)
        self.env.invalidate_all()
        follow_up = rejecting.child_ids
        rejected = self.url_open(f"/complaint/status/{rejecting.access_token}").text
        self.assertNotIn("o_qc_outcome", rejected)
        self.assertIn("You did not accept our answer", rejected)
        self.assertIn(f"/complaint/status/{follow_up.access_token}", rejected, "links the follow-up")
        back = self.url_open(f"/complaint/status/{follow_up.access_token}").text
        self.assertIn(f"/complaint/status/{rejecting.access_token}", back, "and the follow-up links back")
        # Another complainant's case linked by staff is not shown.
        stranger = self.Complaint.browse(self.url_open_case(complainant_email="wang@example.com"))
        stranger.sudo().parent_id = accepting
        self.assertNotIn(
            stranger.access_token, self.url_open(f"/complaint/status/{accepting.access_token}").text
        )

    def url_open_case(self, **values):
        """Submit the form; the id of the case it registered."""
        self.submit(**values)
        return self.Complaint.search([], order="id desc", limit=1).id

    def test_tracking_link_opens_the_page_in_the_cases_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        case = self.Complaint.browse(self.url_open_case())
        self.assertEqual(case.lang, "en_US")
        case.lang = "zh_CN"
        link = case._qc_tracking_url()
        self.assertIn("/zh_CN/complaint/status/", link)
        page = self.url_open(link).text
        self.assertIn("已登记", page, "the state, not the received date")
        self.assertNotIn("收到日期", page)
        self.assertRegex(page, r"\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}<")
        self.assertNotRegex(page, r"\d{1,2}:\d{2}:\d{2}", "no seconds")
        self.assertRegex(page, r'o_qc_deadline">(还剩 \d+ 个工作日|今日到期|逾期 \d+ 个工作日|今日已逾期)<')

    def test_form_follows_the_browser_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        response = self.url_open("/complaint", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/zh_CN/complaint"), response.url)
        self.assertIn('"lang": "zh_CN"', response.text)
        self.assertIn('action="/complaint/submit"', response.text)
        english = self.url_open(
            "/complaint", headers={"Accept-Language": "en-US"}, cookies={"frontend_lang": "en_US"}
        )
        self.assertTrue(english.url.endswith("/complaint") and "/zh_CN/" not in english.url)

    def test_published_texts_are_in_the_page_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"], overwrite=True)
        self.env.company.write({"qc_complaint_process": False, "qc_privacy_notice": False})
        chinese = self.url_open("/complaint/privacy", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        self.assertIn("您的姓名", chinese.text)
        self.assertIn("认可机构", self.url_open("/zh_CN/complaint/process").text)
        english = self.url_open("/en/complaint/privacy")
        self.assertIn("We process your name", english.text)


@tagged("post_install", "-at_install")
class TestComplaintPortal(PublicCase):
    """/my/complaints: two customers, each sees only the cases of their own company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.huaxin = Partner.create({"name": "Huaxin Foods", "is_company": True})
        cls.minmetals = Partner.create({"name": "Minmetals Testing", "is_company": True})
        cls.portal_huaxin = new_test_user(
            cls.env, login="qc_portal_huaxin", groups="base.group_portal", name="Wang Huaxin"
        )
        cls.portal_huaxin.partner_id.parent_id = cls.huaxin
        cls.portal_colleague = new_test_user(
            cls.env, login="qc_portal_colleague", groups="base.group_portal", name="Zhao Huaxin"
        )
        cls.portal_colleague.partner_id.parent_id = cls.huaxin
        cls.portal_minmetals = new_test_user(
            cls.env, login="qc_portal_minmetals", groups="base.group_portal", name="Liu Minmetals"
        )
        cls.portal_minmetals.partner_id.parent_id = cls.minmetals
        cls.case_huaxin = cls.Complaint.create(
            {
                "description": "Late report.",
                "partner_id": cls.portal_huaxin.partner_id.id,
                "summary": "Huaxin late report",
            }
        )
        cls.case_minmetals = cls.Complaint.create(
            {
                "description": "Wrong value.",
                "partner_id": cls.minmetals.id,
                "summary": "Minmetals wrong value",
            }
        )

    def test_portal_users_see_only_their_company_cases(self):
        for user, own, other in (
            (self.portal_huaxin, self.case_huaxin, self.case_minmetals),
            (self.portal_colleague, self.case_huaxin, self.case_minmetals),
            (self.portal_minmetals, self.case_minmetals, self.case_huaxin),
        ):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                listing = self.url_open("/my/complaints")
                self.assertEqual(listing.status_code, 200)
                self.assertIn(own.name, listing.text)
                self.assertNotIn(other.name, listing.text)
                self.assertEqual(self.url_open(f"/my/complaints/{own.id}").status_code, 200)
                self.assertEqual(self.url_open(f"/my/complaints/{other.id}").status_code, 404)

    def test_portal_user_cannot_read_cases_over_rpc(self):
        with self.assertRaises(AccessError):
            self.case_huaxin.with_user(self.portal_huaxin).read(["description"])

    def test_portal_submission_is_linked_to_the_user(self):
        self.authenticate(self.portal_huaxin.login, self.portal_huaxin.login)
        form = self.url_open("/complaint").text
        self.assertIn('value="Wang Huaxin"', form)
        response = self.submit()
        self.assertEqual(response.status_code, 303)
        case = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(case.channel, "portal")
        self.assertEqual(case.partner_id, self.portal_huaxin.partner_id)
        self.assertIn(case.name, self.url_open("/my/complaints").text)

    def test_home_counter(self):
        self.authenticate(self.portal_minmetals.login, self.portal_minmetals.login)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["complaint_count"]})
        self.assertEqual(counters["complaint_count"], 1)
