"""Hostile requests against the public pages (X2), generated from fixed payload lists.

Every answer is a page with a status below 500; a refused request creates no
case, message, attachment or survey answer; accepted text is stored as sent
(stripped, and without NUL characters, which PostgreSQL cannot store) and is
shown escaped on the tracking page, in the mails and in the printed records.
"""

import html
import logging
import random
import uuid
from urllib.parse import quote, urlencode

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import finish_intake, mails_apart
from .common_public import PDF, PNG, PublicCase

_logger = logging.getLogger(__name__)

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute breakout": '"><img src=x onerror=alert(1)>',
    "svg": "<svg/onload=alert(1)>",
    "qweb": '<t t-out="7*7"/>',
    "sql": "'; DROP TABLE quality_complaint; --",
    "sql tautology": "1' OR '1'='1",
    "jinja": "{{7*7}}",
    "template literal": "${7*7}",
    "entities": "&lt;b&gt;already escaped&lt;/b&gt; &amp; &#60;",
    "right-to-left override": "report \u202egnp.exe\u202c checked",
    "zero width": "zero\u200bwidth\u200c\u200djoiner\ufeff",
    "emoji": "\U0001f600\U0001f9ea\U0001f469\u200d\U0001f52c result wrong",
    "chinese": "检测报告中铅含量有误",
    "combining marks": "Z\u0324\u0354\u0367a\u0308\u0356\u032dl\u036e\u0312g\u030c\u0317o\u0319",
    "header injection": "line 1\r\nBcc: victim@example.com\r\n\r\nbody",
    "nul": "before\x00after",
    "10 000 characters": "长报告内容有误xyz" * 1000,
}
FIELD_MAX = 200  # name and organisation (LINE_MAX); description and request take 10 000
REPORT_MAX = 64
# Files the form must refuse: wrong type, disguised, active content, empty, too large.
REFUSED_FILES = {
    "executable": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
    "html": ("page.html", b"<html><script>alert(1)</script></html>"),
    "svg": ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "php": ("shell.php", b"<?php system($_GET['c']); ?>"),
    "double extension": ("report.pdf.html", b"<html></html>"),
    "no extension": ("README", b"plain"),
    "html named pdf": ("report.pdf", b"<html><body>not a pdf</body></html>"),
    "pdf named png": ("photo.png", PDF),
    "png named jpg": ("photo.jpg", PNG),
    "pdf named docx": ("letter.docx", PDF),
    "script named txt": ("notes.txt", b"<script>alert(1)</script>"),
    "bom and markup named txt": ("notes.txt", b"\xef\xbb\xbf <html>"),
    "shell script named txt": ("notes.txt", b"#!/bin/sh\nrm -rf /\n"),
    "elf named txt": ("notes.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 40),
    "executable named txt": ("notes.txt", b"MZ\x90\x00"),
    "empty pdf": ("empty.pdf", b""),
    "over 1 MB": ("large.pdf", PDF + b"0" * (1024 * 1024)),
}
# Names of acceptable files: stored as their last path part, listed escaped.
HOSTILE_FILE_NAMES = {
    "<img src=x onerror=alert(1)>.pdf": "<img src=x onerror=alert(1)>.pdf",
    "../../../etc/passwd.pdf": "passwd.pdf",
    "..\\..\\windows\\win.ini.txt": "win.ini.txt",
    "报告\u202egnp.pdf": "报告\u202egnp.pdf",
}
FORGED_SIGNATURES = [
    "0" * 16,
    "f" * 16,
    "zzzzzzzzzzzzzzzz",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "签名签名签名签名",
    "a" * 10000,
]
RATINGS = ["0", "6", "-1", "abc", "9" * 40, "1.5", "5.0", " 5", "\uff15", "5\x00", "<script>", "1e1"]


def stored(text):
    """What the public pages keep of a text field."""
    return text.replace("\x00", "").strip()


def collapsed(text):
    return " ".join(text.split())


def shown(markup):
    """HTML as a reader sees it: entities decoded, white space collapsed."""
    return collapsed(html.unescape(str(markup)))


@tagged("post_install", "-at_install")
class TestAbuse(PublicCase):
    """X2: at least 200 hostile requests, every one answered below 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accepted-payload parts send far more than 5 requests from one
        # address: the limit is lifted here and set back in the burst part.
        cls.params.set_param("quality_complaint.public_rate_count", 100000)
        cls.env["quality.complaint.settings"]._qc_of(cls.env.company).write(
            {"public_max_files": 3, "public_max_file_mb": 1}
        )
        cls.questions = cls.env["quality.satisfaction.question"].create(
            [{"name": "Competence", "is_default": False}, {"name": "Turnaround", "is_default": False}]
        )
        cls.survey = cls.env["quality.satisfaction.survey"]._qc_import_records(
            [{"name": "Abuse survey", "question_ids": [(6, 0, cls.questions.ids)], "state": "open"}]
        )

    def setUp(self):
        super().setUp()
        self.sent = 0
        self.rng = random.Random(17)
        self.csrf = self.csrf_from("/complaint")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def snapshot(self):
        """What a refused request must leave unchanged."""
        # Tracking messages of earlier writes are created at the flush: not by the request.
        self.env.cr.flush()
        self.env.invalidate_all()
        return {
            "cases": self.Complaint.search_count([]),
            "messages": self.env["mail.message"].search_count([("model", "=", self.Complaint._name)]),
            "attachments": self.count_attachments(),
            "ratings": self.env["quality.satisfaction.response.line"].search_count([]),
            "answered": self.env["quality.satisfaction.response"].search_count([("state", "=", "answered")]),
        }

    def send(self, url, status, *, data=None, files=None, headers=None):
        """One hostile request, answered with `status`; a refused one (4xx) changes nothing."""
        before = self.snapshot() if status >= 400 else None
        response = self.url_open(url, data=data, files=files, headers=headers, allow_redirects=False)
        self.sent += 1
        self.env.invalidate_all()
        self.assertLess(response.status_code, 500, f"server error on {url}")
        self.assertEqual(response.status_code, status, url)
        if before is not None:
            self.assertEqual(self.snapshot(), before, f"refused {url} created something")
        # Whatever the page echoes back (the form re-rendered with its errors) is escaped.
        values = data.values() if isinstance(data, dict) else []
        for value in values:
            if isinstance(value, str) and "<" in value:
                self.assertTrue(value not in response.text, f"{url} echoes {value[:40]} unescaped")
        return response

    def submit_form(self, status, files=None, **values):
        data = self.form_data(**values)
        data["csrf_token"] = self.csrf
        return self.send("/complaint/submit", status, data=data, files=files)

    def case_of(self, response):
        token = response.headers["Location"].split("/complaint/status/")[1].split("?")[0]
        return self.Complaint.search([("access_token", "=", token)])

    def assert_shown_escaped(self, markup, text, where):
        """`text` is visible to the reader and never markup of the page."""
        markup = markup.decode() if isinstance(markup, bytes) else str(markup)
        self.assertTrue(collapsed(text) in shown(markup), f"{where}: {text[:40]!r} not shown")
        if "<" in text:
            self.assertTrue(text not in markup, f"{where}: {text[:40]!r} rendered as markup")

    # ------------------------------------------------------------------
    # Parts
    # ------------------------------------------------------------------
    def _accepted_text(self):
        """Hostile text in every free-text field is accepted, kept as sent and rendered escaped."""
        cases = {}
        for name, payload in PAYLOADS.items():
            response = self.submit_form(
                303,
                description=payload,
                complainant_request=payload,
                complainant_name=payload[:FIELD_MAX],
                complainant_organisation=payload[:FIELD_MAX],
                report=payload,
            )
            case = self.case_of(response)
            with self.subTest(payload=name):
                self.assertEqual(case.description, stored(payload))
                self.assertEqual(case.complainant_request, stored(payload))
                self.assertEqual(case.complainant_name, stored(payload[:FIELD_MAX]))
                self.assertEqual(case.complainant_organisation, stored(payload[:FIELD_MAX]))
                self.assertEqual(case.report_ref, collapsed(stored(payload))[:REPORT_MAX])
                page = self.url_open(response.headers["Location"]).text
                self.assert_shown_escaped(page, stored(payload), "tracking page")
                finish_intake(self.env)
                receipt = mails_apart(case)
                self.assert_shown_escaped(receipt.body_html, case.complainant_name, "receipt mail")
            cases[name] = case
        all_cases = self.Complaint.browse([case.id for case in cases.values()])
        all_cases.write({"concerns_lab": "yes"})
        all_cases.with_user(self.users["customer_service"]).action_acknowledge()
        Report = self.env["ir.actions.report"]
        letters = Report._render_qweb_html("quality_complaint.action_report_reply_letter", all_cases.ids)[0]
        records = Report._render_qweb_html("quality_complaint.action_report_complaint_record", all_cases.ids)[
            0
        ]
        for name, case in cases.items():
            with self.subTest(payload=name):
                acknowledgement = self.env["mail.message"].search(
                    [
                        ("model", "=", case._name),
                        ("res_id", "=", case.id),
                        ("body", "ilike", "We have received"),
                    ]
                )
                self.assertEqual(len(acknowledgement), 1)
                complainant_copy = self.env["mail.mail"].search(
                    [("mail_message_id", "=", acknowledgement.id)]
                )
                self.assert_shown_escaped(
                    complainant_copy.body_html, case.complainant_name, "acknowledgement mail"
                )
                for field in ("description", "complainant_request", "complainant_name", "report_ref"):
                    self.assert_shown_escaped(letters, case[field], f"reply letter: {field}")
                    self.assert_shown_escaped(records, case[field], f"registration record: {field}")

    def _refused_text(self):
        """Hostile text where the form expects a choice, a date or a short line is refused."""
        for name, payload in PAYLOADS.items():
            with self.subTest(payload=name):
                self.submit_form(400, kind=payload)
                self.submit_form(400, category_id=payload)
                self.submit_form(400, report_received_date=payload)
        long_text = PAYLOADS["10 000 characters"]
        self.submit_form(400, complainant_name=long_text)
        self.submit_form(400, complainant_organisation=long_text)
        self.submit_form(400, complainant_phone=long_text[:65], complainant_email=None)
        self.submit_form(400, description=long_text + "x")
        self.submit_form(400, description="\x00\x00 \x00")
        for trap in ("http://spam.example", PAYLOADS["script"], PAYLOADS["sql"]):
            self.submit_form(400, website_url=trap)
        for email in (
            "li.na@example.com\r\nBcc: victim@example.com",
            "a@b.example, c@d.example",
            "@",
            "x" * 201,
        ):
            self.submit_form(400, complainant_email=email)
        # A quoted local part is a valid address: kept, and printed escaped.
        odd = '"<script>"@x.example'
        case = self.case_of(self.submit_form(303, complainant_email=odd))
        self.assertEqual(case.complainant_email, odd)
        record = self.env["ir.actions.report"]._render_qweb_html(
            "quality_complaint.action_report_complaint_record", case.ids
        )[0]
        self.assert_shown_escaped(record, odd, "registration record")

    def _wrong_types(self):
        """Files where text is expected, repeated fields, bytes that are not UTF-8."""
        as_file = ("field.txt", b"complaint", "text/plain")
        for field in ("kind", "description", "category_id", "report_received_date", "website_url"):
            with self.subTest(field=field):
                self.submit_form(400, files=[(field, as_file)], **{field: None})
        # A signature that is not text is no signature the lab made.
        case = self.case_of(self.submit_form(303, files=[("sig", as_file)], report="R-2026-0042"))
        self.assertEqual((case.report_ref_verified, case.report_link_unverified), (False, True))
        first, second = PAYLOADS["script"], PAYLOADS["sql"]
        data = [(key, value) for key, value in self.form_data(description=None).items()]
        data += [("description", first), ("description", second), ("csrf_token", self.csrf)]
        case = self.case_of(self.send("/complaint/submit", 303, data=data))
        self.assertEqual(case.description, first, "the first of repeated fields counts")
        body = urlencode(dict(self.form_data(description="placeholder"), csrf_token=self.csrf))
        body = body.replace("placeholder", "%FF%FEbad%C0%AFbytes").encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        case = self.case_of(self.send("/complaint/submit", 303, data=body, headers=headers))
        # Werkzeug keeps bytes that are not UTF-8 as their %XX escapes.
        self.assertEqual(case.description, "%FF%FEbad%C0%AFbytes")

    def _files(self):
        for name, (file_name, content) in REFUSED_FILES.items():
            with self.subTest(file=name):
                self.submit_form(
                    400, files=[("attachments", (file_name, content, "application/octet-stream"))]
                )
        self.submit_form(400, files=[("attachments", ("a.pdf", PDF, "application/pdf"))] * 4)

    def _forged_links(self):
        """A forged QR link opens the form, but the report number is neither trusted nor locked."""
        genuine = self.Complaint._qc_report_signature("R-2026-0042")
        forged = [*FORGED_SIGNATURES, genuine[:-1], genuine + "0", genuine[::-1]]
        forged.append(self.Complaint._qc_report_signature("R-2026-0043"))
        for signature in forged:
            with self.subTest(signature=signature[:20]):
                url = "/complaint?" + urlencode({"report": "R-2026-0042", "sig": signature})
                page = self.send(url, 200).text
                self.assertIn("o_qc_unverified", page)
                self.assertNotRegex(page, r'name="report"[^>]*readonly')
        page = self.send("/complaint?" + urlencode({"report": PAYLOADS["script"], "sig": genuine}), 200).text
        self.assertIn("o_qc_unverified", page)
        for signature in forged[:4]:
            case = self.case_of(self.submit_form(303, report="R-2026-0042", sig=signature))
            self.assertEqual((case.report_ref_verified, case.report_link_unverified), (False, True))
            self.assertTrue(
                case.message_ids.filtered(lambda m: "was not signed by the lab" in (m.body or ""))
            )

    def _tracking(self):
        """Wrong tokens find nothing; hostile messages and file names are kept and shown escaped."""
        case = self.case_of(self.submit_form(303))
        other = self.case_of(self.submit_form(303))
        token = case.access_token
        response = self.env["quality.satisfaction.response"].create({"survey_id": self.survey.id})
        tokens = [
            "00000000-0000-4000-8000-000000000000",
            str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            token.upper(),
            token[:-1] + ("0" if token[-1] != "0" else "1"),
            token + "0",
            token[:-1],
            str(case.id),
            response.access_token,
            quote("' OR 1=1 --"),
            quote("<script>alert(1)</script>"),
            "a" * 5000,
            quote("检测报告"),
            quote("\u202e"),
            "..%2F..%2Fweb%2Fdatabase%2Fmanager",
        ]
        for wrong in tokens:
            with self.subTest(token=wrong[:40]):
                base = f"/complaint/status/{wrong}"
                self.send(base, 404)
                self.send(f"{base}/message", 404, data={"csrf_token": self.csrf, "body": "Hello"})
                self.send(f"{base}/answer", 404, data={"csrf_token": self.csrf, "decision": "accept"})
                self.send(f"{base}/attachment/1", 404)
        base = f"/complaint/status/{token}"
        form_file = self.env["ir.attachment"].create(
            {"name": "internal.pdf", "raw": PDF, "res_model": case._name, "res_id": case.id}
        )
        other_file = other._qc_attach([("other.pdf", PDF)])
        for attachment_id in (0, 999999999, form_file.id, other_file.id):
            self.send(f"{base}/attachment/{attachment_id}", 404)
        for name, payload in PAYLOADS.items():
            with self.subTest(message=name):
                self.send(f"{base}/message", 303, data={"csrf_token": self.csrf, "body": payload})
                message = case._qc_public_messages()[-1]
                self.assert_shown_escaped(message.body, stored(payload), "stored message")
                self.assert_shown_escaped(self.url_open(base).text, stored(payload), "tracking page")
        for sent_name, kept_name in HOSTILE_FILE_NAMES.items():
            with self.subTest(file=sent_name):
                self.send(
                    f"{base}/message",
                    303,
                    data={"csrf_token": self.csrf, "body": "File attached."},
                    files=[
                        ("attachments", (sent_name, PDF if sent_name.endswith(".pdf") else b"text", "x/y"))
                    ],
                )
                self.assertEqual(case._qc_public_messages()[-1].attachment_ids.name, kept_name)
                self.assert_shown_escaped(self.url_open(base).text, kept_name, "file list")
        for body in ("", "   ", "\x00", PAYLOADS["10 000 characters"] + "x"):
            self.send(f"{base}/message", 400, data={"csrf_token": self.csrf, "body": body})
        for file_name, content in list(REFUSED_FILES.values())[:4]:
            self.send(
                f"{base}/message",
                400,
                data={"csrf_token": self.csrf, "body": "See file"},
                files=[("attachments", (file_name, content, "x/y"))],
            )
        # The outcome is answered once, only after the reply, with one of two words.
        self.send(f"{base}/answer", 400, data={"csrf_token": self.csrf, "decision": "accept"})
        case._qc_import_history({"state": "replied", "acceptance": "pending"})
        for decision in ("", "ACCEPT", "maybe", "accept ", PAYLOADS["script"], PAYLOADS["sql"]):
            self.send(f"{base}/answer", 400, data={"csrf_token": self.csrf, "decision": decision})
        self.send(f"{base}/answer", 303, data={"csrf_token": self.csrf, "decision": "reject", "note": "No."})
        self.send(f"{base}/answer", 400, data={"csrf_token": self.csrf, "decision": "reject"})
        self.send(f"{base}/answer", 400, data={"csrf_token": self.csrf, "decision": "accept"})
        self.env.invalidate_all()
        self.assertEqual((case.acceptance, len(case.child_ids)), ("rejected", 1))
        other._qc_import_history({"state": "closed"})
        self.send(
            f"/complaint/status/{other.access_token}/message",
            400,
            data={"csrf_token": self.csrf, "body": "Hi"},
        )

    def _survey(self):
        """Wrong links find nothing; ratings out of 1-5 are refused; a link answers once."""
        Response = self.env["quality.satisfaction.response"]
        response = Response.create({"survey_id": self.survey.id})
        token = response.access_token
        case = self.case_of(self.submit_form(303))
        for wrong in (
            "0" * 32,
            f"{self.rng.getrandbits(128):032x}",
            token.upper(),
            token[:-1],
            token + "0",
            case.access_token,
            quote("' OR 1=1 --"),
            quote("<script>"),
            "a" * 5000,
            quote("满意度"),
        ):
            with self.subTest(token=wrong[:40]):
                self.send(f"/satisfaction/{wrong}", 404)
                self.send(f"/satisfaction/{wrong}/submit", 404, data={"csrf_token": self.csrf})
        first, second = self.questions
        url = f"/satisfaction/{token}/submit"
        for rating in RATINGS + list(PAYLOADS.values())[:4]:
            with self.subTest(rating=rating[:20]):
                self.send(url, 400, data={"csrf_token": self.csrf, f"rating_{first.id}": rating})
        self.send(url, 400, data={"csrf_token": self.csrf})
        self.send(
            url,
            400,
            data={
                "csrf_token": self.csrf,
                f"rating_{first.id}": "5",
                "suggestion": PAYLOADS["10 000 characters"] + "x",
            },
        )
        self.assertEqual(response.state, "invited")
        valid = {"csrf_token": self.csrf, f"rating_{first.id}": "5", f"rating_{second.id}": "4"}
        self.send(url, 303, data=valid)
        self.send(url, 400, data=valid)
        self.send(url, 400, data=dict(valid, **{f"rating_{first.id}": "1"}))
        self.assertEqual(sorted(response.line_ids.mapped("rating")), [4, 5], "the first answer stands")
        for name, payload in PAYLOADS.items():
            answer = Response.create({"survey_id": self.survey.id})
            with self.subTest(suggestion=name):
                self.send(
                    f"/satisfaction/{answer.access_token}/submit",
                    303,
                    data={"csrf_token": self.csrf, f"rating_{first.id}": "3", "suggestion": payload},
                )
                self.assertEqual(answer.suggestion, stored(payload))

    @mute_logger("odoo.http")
    def _csrf(self):
        """No valid CSRF token, no effect: Odoo answers 400 before the module runs."""
        case = self.case_of(self.submit_form(303))
        case._qc_import_history({"state": "replied", "acceptance": "pending"})
        answer = self.env["quality.satisfaction.response"].create({"survey_id": self.survey.id})
        question = self.questions[0]
        surfaces = {
            "/complaint/submit": self.form_data(),
            f"/complaint/status/{case.access_token}/message": {"body": "Hello"},
            f"/complaint/status/{case.access_token}/answer": {"decision": "reject"},
            f"/satisfaction/{answer.access_token}/submit": {f"rating_{question.id}": "5"},
        }
        stale = self.csrf.rpartition("o")[0] + "o1"
        for url, data in surfaces.items():
            for token in (None, "", "garbage", "0" * 40 + "o9999999999", stale, self.csrf[:-1] + "x"):
                with self.subTest(url=url, token=token):
                    values = dict(data) if token is None else dict(data, csrf_token=token)
                    self.send(url, 400, data=values)
        self.assertEqual(answer.state, "invited")

    def _rate_limit(self):
        """A burst from one address: 5 go through, the rest get 429 and create nothing."""
        self.env["quality.complaint.public.log"].search([]).unlink()
        self.params.set_param("quality_complaint.public_rate_count", 5)
        before = self.count_cases()
        for _index in range(5):
            self.submit_form(303)
        self.assertEqual(self.count_cases(), before + 5)
        for _index in range(15):
            self.assertIn("Too many submissions", self.submit_form(429).text)
        case = self.Complaint.search([], order="id desc", limit=1)
        url = f"/complaint/status/{case.access_token}/message"
        for index in range(5):
            self.send(url, 303, data={"csrf_token": self.csrf, "body": f"Message {index}"})
        for _index in range(10):
            self.send(url, 429, data={"csrf_token": self.csrf, "body": "Once more"})

    # ------------------------------------------------------------------
    def test_hostile_requests(self):
        parts = (
            self._accepted_text,
            self._refused_text,
            self._wrong_types,
            self._files,
            self._forged_links,
            self._tracking,
            self._survey,
            self._csrf,
            self._rate_limit,
        )
        for part in parts:
            with self.subTest(part=part.__name__):
                part()
        _logger.info("%s hostile requests sent to the public pages", self.sent)
        self.assertGreaterEqual(self.sent, 200)
