import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ROLES


@tagged("post_install", "-at_install")
class TestRegisterDownload(HttpCase):
    """Registers name complainants: they are streamed to whoever asked for
    them, never stored, and nobody else downloads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, login=f"qcr_{role}", groups=ROLES[role], name=f"QC {role}")
            for role in ("department", "supervisor", "quality", "auditor", "records")
        }
        cls.Wizard = cls.env["quality.complaint.register.wizard"]

    def download(self, url, role):
        self.authenticate(self.users[role].login, self.users[role].login)
        return self.url_open(url)

    def stored_registers(self):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [("mimetype", "=", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
            )
        )

    def test_register_is_streamed_to_its_creator_only(self):
        before = self.stored_registers()
        case = self.env.ref("quality_complaint.demo_case_01")
        wizard = self.Wizard.with_user(self.users["quality"]).create(
            {"register": "complaint", "date_from": False}
        )
        url = wizard.action_export()["url"]
        response = self.download(url, "quality")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response.headers["Content-Disposition"])
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertIn(case.name, [cell.value for cell in sheet["A"]])
        self.assertEqual(self.stored_registers(), before, "a register is never stored")
        # Other staff, even those who export registers themselves, are refused.
        for role in ("auditor", "records", "supervisor", "department"):
            with self.subTest(role=role), mute_logger("odoo.http"):
                refused = self.download(url, role)
                self.assertEqual(refused.status_code, 403)
                self.assertNotIn(b"PK\x03\x04", refused.content[:4])
            with self.subTest(role=role, through="orm"), self.assertRaises(AccessError):
                wizard.with_user(self.users[role]).read(["register", "complaint_ids"])

    def test_list_selection_export_is_private_too(self):
        cases = self.env["quality.complaint"].search([], limit=3)
        action = self.env.ref("quality_complaint.action_server_complaint_register_selection")
        url = (
            action.with_user(self.users["supervisor"])
            .with_context(active_model="quality.complaint", active_ids=cases.ids, active_id=cases[0].id)
            .run()["url"]
        )
        self.assertEqual(self.download(url, "supervisor").status_code, 200)
        with mute_logger("odoo.http"):
            self.assertEqual(self.download(url, "auditor").status_code, 403)

    def test_unknown_register_is_not_found(self):
        with mute_logger("odoo.http"):
            self.assertEqual(
                self.download("/quality_complaint/register/999999999", "quality").status_code, 404
            )
