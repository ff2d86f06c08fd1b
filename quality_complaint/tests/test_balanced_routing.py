from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase, finish_intake


@tagged("post_install", "-at_install")
class TestBalancedRouting(ComplaintCase):
    """A category that gives its cases to the least busy member of its role:
    fewest open cases first, nobody on time off, nobody involved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.env["res.groups"].create({"name": "Result disputes desk"})
        cls.wang, cls.zhao, cls.sun = (
            new_test_user(
                cls.env,
                login=f"qc_desk_{name}",
                name=name,
                groups="quality_complaint.group_department",
            )
            for name in ("Wang", "Zhao", "Sun")
        )
        cls.role.user_ids = cls.wang | cls.zhao | cls.sun
        cls.category = cls.env["quality.complaint.category"].create(
            {"name": "Balanced disputes", "routing_group_id": cls.role.id, "routing_balanced": True}
        )

    def register(self, count=1, **values):
        return self.as_role("customer_service").create(
            [
                {
                    "description": f"Result of report R-{index} disputed.",
                    "partner_id": self.customer.id,
                    "complainant_name": "Ms. Li",
                    "complainant_email": "li@huaxin.example",
                    "category_id": self.category.id,
                    **values,
                }
                for index in range(count)
            ]
        )

    def test_the_member_with_the_fewest_open_cases_gets_the_case(self):
        self.register().sudo().user_id = self.wang
        self.register().sudo().user_id = self.wang
        self.register().sudo().user_id = self.zhao
        self.assertEqual(self.register().user_id, self.sun)
        # Wang 2, Zhao 1, Sun 1: a batch is spread as it is given (ties by name),
        # Sun then Zhao, then Sun again, all three at 2; Wang gets none.
        batch = self.register(count=3)
        self.assertEqual([case.user_id.name for case in batch], ["Sun", "Zhao", "Sun"])

    def test_people_on_time_off_and_people_involved_are_left_out(self):
        resource = self.env["resource.resource"].create({"name": "Sun", "user_id": self.sun.id})
        now = fields.Datetime.now()
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "resource_id": resource.id,
                "calendar_id": self.env.company.resource_calendar_id.id,
                "date_from": now - timedelta(days=1),
                "date_to": now + timedelta(days=2),
            }
        )
        case = self.register(involved_user_ids=[fields.Command.set(self.wang.ids)])
        self.assertEqual(case.user_id, self.zhao)

    def test_the_handler_gets_a_to_do_and_the_rest_of_the_role_no_notice(self):
        case = self.register()
        self.assertEqual(case.activity_ids.user_id, case.user_id)
        notices = self.env["mail.message"].search(
            [("model", "=", case._name), ("res_id", "=", case.id), ("message_type", "=", "user_notification")]
        )
        # Only the handler is told (the to-do's notice); the rest of the role is not.
        self.assertEqual(notices.partner_ids, case.user_id.partner_id)

    def test_nobody_free_falls_back_to_the_role(self):
        case = self.register(involved_user_ids=[fields.Command.set((self.wang | self.zhao | self.sun).ids)])
        self.assertFalse(case.user_id)
        self.assertFalse(case.activity_ids)

    def test_without_the_setting_the_role_is_notified_and_nobody_assigned(self):
        self.category.routing_balanced = False
        case = self.register()
        self.assertFalse(case.user_id)
        finish_intake(self.env)
        notices = self.env["mail.message"].search(
            [("model", "=", case._name), ("res_id", "=", case.id), ("message_type", "=", "user_notification")]
        )
        self.assertEqual(notices.partner_ids, (self.wang | self.zhao | self.sun).partner_id)
