import re

from odoo.tests import HttpCase, new_test_user

from .common import ROLES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


class PublicCase(HttpCase):
    """The public pages as a customer sees them: no login, one session, CSRF tokens from the pages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        # As in ComplaintCase: a lab that writes English, whatever the demo lab speaks.
        cls.env.company.partner_id.lang = "en_US"
        cls.users = {
            role: new_test_user(cls.env, login=f"qcp_{role}", groups=group, name=f"QC {role}")
            for role, group in ROLES.items()
        }
        cls.Complaint = cls.env["quality.complaint"]
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.params.set_param("quality_complaint.public_rate_count", 50)

    def csrf_from(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(token, f"{url} has no CSRF token")
        return token.group(1)

    def form_data(self, **values):
        data = {
            "kind": "complaint",
            "description": "The lead content in report R-1 is ten times too high.",
            "complainant_name": "Li Na",
            "complainant_email": "li.na@example.com",
            "privacy_consent": "1",
        }
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def submit(self, files=None, csrf=True, **values):
        data = self.form_data(**values)
        if csrf:
            data["csrf_token"] = self.csrf_from("/complaint")
        return self.url_open("/complaint/submit", data=data, files=files or None, allow_redirects=False)

    def count_cases(self):
        self.env.invalidate_all()
        return self.Complaint.search_count([])

    def count_attachments(self):
        return self.env["ir.attachment"].search_count([("res_model", "=", "quality.complaint")])
