import json
from datetime import date

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ComplaintCase
from .common_public import PublicCase


@tagged("post_install", "-at_install")
class TestPortalToken(PublicCase):
    """The tracking token opens the tracking page, not Odoo's generic chatter routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls.Complaint.create(
            {
                "description": "Wrong lead content in R-9.",
                "complainant_name": "Ms. Li",
                "complainant_email": "li@huaxin.example",
                "category_id": cls.env.ref("quality_complaint.category_turnaround").id,
            }
        )
        cls.token = cls.case.sudo()._portal_ensure_token()
        cls.staff_comment = cls.case.with_user(cls.users["customer_service"]).message_post(
            body="Between us: the analyst made this mistake before.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _jsonrpc(self, route, params):
        response = self.opener.post(
            f"{self.base_url()}{route}",
            json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
        )
        return response.json()

    def _case_messages(self):
        return self.env["mail.message"].search_count(
            [("model", "=", self.case._name), ("res_id", "=", self.case.id)]
        )

    def test_the_tracking_page_still_opens_with_the_token(self):
        self.assertEqual(self.url_open(f"/complaint/status/{self.token}").status_code, 200)

    def test_chatter_fetch_with_the_token_shows_no_staff_comment(self):
        answer = self._jsonrpc(
            "/mail/chatter_fetch",
            {"thread_model": self.case._name, "thread_id": self.case.id, "token": self.token},
        )
        self.assertNotIn("the analyst made this mistake", json.dumps(answer))
        self.assertIn("error", answer)

    def test_message_post_with_the_token_is_refused(self):
        before = self._case_messages()
        answer = self._jsonrpc(
            "/mail/message/post",
            {
                "thread_model": self.case._name,
                "thread_id": self.case.id,
                "token": self.token,
                "post_data": {"body": "Posted past the tracking page", "message_type": "comment"},
            },
        )
        self.assertIn("error", answer)
        self.assertEqual(self._case_messages(), before)

    def test_attachment_upload_with_the_token_is_refused(self):
        self.authenticate(None, None)
        for pending in ("false", "true"):
            with self.subTest(pending=pending):
                response = self.url_open(
                    "/mail/attachment/upload",
                    data={
                        "csrf_token": http.Request.csrf_token(self),
                        "thread_id": self.case.id,
                        "thread_model": self.case._name,
                        "token": self.token,
                        "is_pending": pending,
                    },
                    files={"ufile": ("tool.exe", b"MZ\x90\x00", "application/octet-stream")},
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["ir.attachment"].sudo().search_count([("name", "=", "tool.exe")]),
            "no file stored",
        )

    def test_staff_keep_their_chatter(self):
        self.authenticate(self.users["customer_service"].login, self.users["customer_service"].login)
        answer = self._jsonrpc(
            "/mail/message/post",
            {
                "thread_model": self.case._name,
                "thread_id": self.case.id,
                "post_data": {
                    "body": "Called the customer.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            },
        )
        self.assertNotIn("error", answer)
        self.assertIn("Called the customer.", self.case.message_ids.mapped("body")[0])


@tagged("post_install", "-at_install")
class TestComplainantLinks(ComplaintCase):
    """Only the roles that write to complainants read their tracking and survey links."""

    def _response(self):
        question = self.env["quality.satisfaction.question"].create(
            {"name": "Competence", "is_default": False}
        )
        survey = self.env["quality.satisfaction.survey"]._qc_import_records(
            [
                {
                    "name": "Survey 2026",
                    "survey_type": "periodic",
                    "date_start": date(2026, 1, 5),
                    "date_end": date(2026, 3, 31),
                    "question_ids": [(6, 0, question.ids)],
                    "state": "open",
                }
            ]
        )
        return self.env["quality.satisfaction.response"].create(
            {"survey_id": survey.id, "partner_id": self.customer.id}
        )

    def test_readers_of_the_case_do_not_read_its_tracking_token(self):
        case = self.make_case(user_id=self.users["department"].id)
        case.sudo()._portal_ensure_token()
        for role in ("auditor", "records", "department"):
            user = self.users[role]
            with self.subTest(role=role):
                self.assertTrue(case.with_user(user).has_access("read"), "the role reads the case")
                self.assertEqual(case.with_user(user).read(["name"])[0]["name"], case.name)
                with self.assertRaises(AccessError):
                    case.with_user(user).read(["access_token"])
                self.assertNotIn("access_token", case.with_user(user).fields_get())
        for role in ("customer_service", "quality"):
            with self.subTest(role=role):
                self.assertEqual(case.with_user(self.users[role]).access_token, case.sudo().access_token)

    def test_survey_links_stay_with_the_roles_that_send_them(self):
        response = self._response()
        for role in ("auditor", "records"):
            user = self.users[role]
            with self.subTest(role=role):
                self.assertTrue(response.with_user(user).has_access("read"), "the role reads the responses")
                for field_name in ("access_token", "answer_url"):
                    with self.assertRaises(AccessError):
                        response.with_user(user).read([field_name])
                self.assertEqual(
                    Form(response.with_user(user)).survey_id, response.survey_id, "the form opens"
                )
        self.assertIn(
            response.sudo().access_token, response.with_user(self.users["customer_service"]).answer_url
        )

    def test_readers_without_the_link_still_post_comments_that_notify(self):
        case = self.make_case(user_id=self.users["department"].id)
        case.message_subscribe(partner_ids=self.users["customer_service"].partner_id.ids)
        for role in ("auditor", "department"):
            with self.subTest(role=role):
                message = case.with_user(self.users[role]).message_post(
                    body="Seen.", message_type="comment", subtype_xmlid="mail.mt_comment"
                )
                self.assertIn(self.users["customer_service"].partner_id, message.notified_partner_ids)


@tagged("post_install", "-at_install")
class TestMessageEditRoute(PublicCase):
    """The web client's edit and delete of a message (`/mail/message/update_content`)."""

    def test_not_even_the_administrator_edits_or_empties_a_case_note(self):
        admin = self.env.ref("base.user_admin")
        case = self.Complaint.create(
            {
                "description": "Wrong lead content in R-9.",
                "complainant_name": "Ms. Li",
                "category_id": self.env.ref("quality_complaint.category_turnaround").id,
            }
        )
        note = case.with_user(admin).message_post(
            body="Phoned the customer.", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.authenticate(admin.login, admin.login)
        for body in ("Never phoned.", ""):
            with self.subTest(body=body):
                response = self.opener.post(
                    f"{self.base_url()}/mail/message/update_content",
                    json={
                        "id": 0,
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "message_id": note.id,
                            "update_data": {"body": body, "attachment_ids": []},
                        },
                    },
                )
                self.assertEqual(
                    response.json()["error"]["data"]["name"].rsplit(".", 1)[-1], "TrailRecordRefused"
                )
        note.invalidate_recordset(["body"])
        self.assertIn("Phoned the customer.", note.body)
