from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestConfidentiality(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = cls.users["department"]
        cls.protected = cls.Complaint.create(
            {
                "description": "Our analyst was bribed to change a result.",
                "partner_id": cls.customer.id,
                "complainant_name": "Whistle Blower",
                "complainant_phone": "+86 10 1234 5678",
                "is_real_name": True,
                "user_id": cls.handler.id,
                "involved_user_ids": [(6, 0, cls.users["quality"].ids)],
            }
        )
        cls.open_case = cls.Complaint.create(
            {
                "description": "The report arrived late.",
                "partner_id": cls.customer.id,
                "complainant_name": "Mr. Wang",
                "user_id": cls.handler.id,
            }
        )

    def _identity_seen_by(self, role, case):
        record = case.with_user(self.users[role])
        return record.partner_id, record.complainant_name, record.complainant_phone

    def test_protected_identity_is_hidden_from_department_auditor_records_and_involved(self):
        for role in ("department", "auditor", "records", "quality"):
            with self.subTest(role=role):
                self.assertEqual(
                    self._identity_seen_by(role, self.protected), (self.env["res.partner"], False, False)
                )
                self.assertFalse(self.protected.with_user(self.users[role]).identity_visible)

    def test_protected_identity_is_shown_to_the_chain_that_needs_it(self):
        for role in ("customer_service", "technical", "top"):
            with self.subTest(role=role):
                partner, name, _phone = self._identity_seen_by(role, self.protected)
                self.assertEqual((partner, name), (self.customer, "Whistle Blower"))

    def test_unprotected_identity_is_shown_to_the_assigned_department(self):
        partner, name, _phone = self._identity_seen_by("department", self.open_case)
        self.assertEqual((partner, name), (self.customer, "Mr. Wang"))

    def test_identity_record_itself_is_refused_over_rpc(self):
        identity = self.protected.identity_id
        for role in ("department", "auditor", "quality"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                identity.with_user(self.users[role]).read(["name", "partner_id"])

    def test_read_over_rpc_returns_nothing(self):
        values = self.protected.with_user(self.handler).read(
            ["partner_id", "complainant_name", "complainant_phone"]
        )[0]
        self.assertEqual(
            (values["partner_id"], values["complainant_name"], values["complainant_phone"]),
            (False, False, False),
        )

    def test_search_does_not_leak(self):
        for role in ("department", "auditor", "quality"):
            Complaint = self.Complaint.with_user(self.users[role])
            with self.subTest(role=role):
                self.assertNotIn(self.protected, Complaint.search([("complainant_name", "ilike", "Whistle")]))
                self.assertNotIn(self.protected, Complaint.search([("partner_id", "=", self.customer.id)]))
                self.assertNotIn(self.protected, Complaint.search([("complainant_phone", "ilike", "1234")]))
        customer_service = self.Complaint.with_user(self.users["customer_service"])
        self.assertIn(self.protected, customer_service.search([("complainant_name", "ilike", "Whistle")]))

    def test_export_and_grouping_do_not_leak(self):
        self.handler.group_ids |= self.env.ref("base.group_allow_export")
        exported = self.protected.with_user(self.handler).export_data(["partner_id", "complainant_name"])[
            "datas"
        ]
        self.assertEqual(exported, [["", ""]])
        fields = self.Complaint.with_user(self.handler).fields_get(["partner_id"], ["groupable"])
        self.assertFalse(fields["partner_id"]["groupable"], "a computed identity cannot be grouped by")

    def test_complainant_is_never_a_follower(self):
        self.assertNotIn(self.customer, self.protected.message_partner_ids)
        self.env.cr.flush()
        self.protected.confidential = True
        self.env.cr.flush()
        tracked = self.protected.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertNotIn("partner_id", tracked)
        self.assertNotIn("complainant_name", tracked)

    def test_protected_acknowledgement_is_mailed_apart_from_the_chatter(self):
        self.protected.concerns_lab = "yes"
        self.protected.with_user(self.users["customer_service"]).action_acknowledge()
        chatter = self.env["mail.message"].search(
            [("model", "=", self.protected._name), ("res_id", "=", self.protected.id)]
        )
        self.assertNotIn(self.customer, chatter.partner_ids)
        self.assertTrue(any("protected identity" in (m.body or "") for m in chatter))
        sent = self.env["mail.mail"].search(
            [("subject", "ilike", f"we received your case {self.protected.name}")]
        )
        self.assertEqual(len(sent), 1)
        self.assertFalse(sent.model or sent.res_id, "the mail is not attached to the case's chatter")

    def test_involved_people_cannot_reach_identity_even_as_top_management(self):
        top = self.users["top"]
        self.protected.involved_user_ids |= top
        self.assertFalse(self.protected.with_user(top).partner_id)
        self.protected.involved_user_ids -= top
        self.protected.invalidate_recordset()
        self.assertEqual(self.protected.with_user(top).partner_id, self.customer)
