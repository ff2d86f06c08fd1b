from odoo.tests import tagged

from .common import ROLES, ComplaintCase

CHAIN = ["department", "customer_service", "supervisor", "technical", "quality", "top"]


@tagged("post_install", "-at_install")
class TestSecurityGroups(ComplaintCase):
    def test_chain_each_role_implies_the_one_below(self):
        for rank, role in enumerate(CHAIN):
            user = self.users[role]
            for lower in CHAIN[: rank + 1]:
                self.assertTrue(user.has_group(ROLES[lower]), f"{role} should hold {lower}")
            for higher in CHAIN[rank + 1 :]:
                self.assertFalse(user.has_group(ROLES[higher]), f"{role} must not hold {higher}")
            self.assertTrue(user.has_group("base.group_user"))

    def test_records_roles_are_outside_the_chain(self):
        for role in ("auditor", "records"):
            user = self.users[role]
            self.assertTrue(user.has_group("base.group_user"))
            for chain_role in CHAIN:
                self.assertFalse(user.has_group(ROLES[chain_role]))

    def test_two_privileges_one_person_holds_a_chain_and_a_records_role(self):
        chain = self.env.ref("quality_complaint.privilege_complaints")
        records = self.env.ref("quality_complaint.privilege_quality_records")
        self.assertEqual(
            {self.env.ref(ROLES[r]).privilege_id for r in CHAIN}, {chain}, "the chain shares one privilege"
        )
        self.assertEqual(self.env.ref(ROLES["auditor"]).privilege_id, records)
        self.assertEqual(self.env.ref(ROLES["records"]).privilege_id, records)
        both = self.users["technical"]
        both.group_ids |= self.env.ref(ROLES["auditor"])
        self.assertTrue(both.has_group(ROLES["technical"]))
        self.assertTrue(both.has_group(ROLES["auditor"]))

    def test_menu_is_visible_to_roles_only(self):
        root = self.env.ref("quality_complaint.menu_quality_root")
        plain = self.env["res.users"].create(
            {
                "name": "Plain",
                "login": "qc_plain",
                "group_ids": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        visible = self.env["ir.ui.menu"].with_user(plain)._visible_menu_ids()
        self.assertNotIn(root.id, visible)
        for role in ("department", "auditor", "records"):
            visible = self.env["ir.ui.menu"].with_user(self.users[role])._visible_menu_ids()
            self.assertIn(root.id, visible, role)
