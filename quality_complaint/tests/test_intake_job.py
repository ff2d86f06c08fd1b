from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from ..models.quality_workflow_mixin import StepRequired
from ..postgres import without_jit
from .common import ComplaintCase, finish_intake


@tagged("post_install", "-at_install")
class TestIntakeJob(ComplaintCase):
    """The routed role is told of a new case by the intake job, off the
    request that registered it, once, and nobody can silence it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A role of its own, one language each side: the demo's members would
        # make the notices depend on the demo.
        cls.reader_en = new_test_user(cls.env, login="qc_intake_en", name="Intake EN", lang="en_US")
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.reader_zh = new_test_user(cls.env, login="qc_intake_zh", name="Intake ZH", lang="zh_CN")
        cls.role = cls.env["res.groups"].create(
            {"name": "Complaint intake", "user_ids": (cls.reader_en | cls.reader_zh).ids}
        )
        cls.category = cls.env["quality.complaint.category"].create(
            {"name": "Routed to a role", "routing_group_id": cls.role.id}
        )
        cls.cron = cls.env.ref("quality_complaint.ir_cron_finish_intake")

    def register(self, count=1):
        return (
            self.as_role("customer_service")
            .create(
                [
                    {
                        "description": f"The lead content in report R-{index} is wrong.",
                        "summary": f"Lead content disputed in R-{index}",
                        "category_id": self.category.id,
                        "partner_id": self.customer.id,
                        "complainant_name": "Ms. Li",
                    }
                    for index in range(count)
                ]
            )
            .sudo()
        )

    def notices_to(self, user):
        return self.env["mail.message"].search(
            [("message_type", "=", "user_notification"), ("partner_ids", "in", user.partner_id.ids)]
        )

    def test_registration_leaves_the_notice_to_the_job_of_the_next_minute(self):
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        with freeze_time("2026-12-01 09:30:42"):
            case = self.register(count=3)[0]
        self.assertTrue(case.routing_notice_pending)
        self.assertFalse(self.notices_to(self.reader_en), "the save does not wait for the notice")
        woken = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)]) - triggers
        self.assertEqual(woken.mapped("call_at"), [datetime(2026, 12, 1, 9, 31)], "once, for the next minute")
        self.assertNotIn(
            "_notifydb",
            [getattr(callback, "__name__", "") for callback in self.env.cr.postcommit._funcs],
            "the scheduler is not woken at once, by a connection of the request's own",
        )

    def test_each_member_is_told_once_in_their_language(self):
        case = self.register()
        finish_intake(self.env)
        finish_intake(self.env)
        self.assertFalse(case.routing_notice_pending)
        english, chinese = self.notices_to(self.reader_en), self.notices_to(self.reader_zh)
        self.assertEqual(len(english), 1, "a second run tells nobody again")
        self.assertEqual(len(chinese), 1)
        self.assertEqual((english.model, english.res_id), (case._name, case.id), "on the case itself")
        self.assertEqual(english.subject, f"New case {case.name} to review")
        self.assertEqual(chinese.subject, f"新案件 {case.name} 待评审")
        self.assertEqual(english.author_id, self.users["customer_service"].partner_id)
        self.assertNotIn(self.reader_en.partner_id, case.message_partner_ids, "told, not following")

    def test_a_burst_of_cases_is_one_list_per_reader_language(self):
        cases = self.register(5)
        finish_intake(self.env)
        notice = self.notices_to(self.reader_en)
        self.assertEqual(len(notice), 1)
        self.assertFalse(notice.model, "a list of the cases, not a notice on one of them")
        self.assertEqual(notice.subject, "5 new cases to review")
        for case in cases:
            self.assertIn(case.name, notice.body)
            self.assertIn(f"/odoo/quality.complaint/{case.id}", notice.body)
        self.assertEqual(len(self.notices_to(self.reader_zh)), 1)

    def test_people_involved_are_left_out(self):
        case = self.register()
        case.write({"involved_user_ids": [(4, self.reader_zh.id)]})
        finish_intake(self.env)
        self.assertFalse(self.notices_to(self.reader_zh))
        self.assertTrue(self.notices_to(self.reader_en))

    def test_nobody_can_silence_the_notice_or_order_a_receipt(self):
        case = self.register()
        for role in ("customer_service", "quality"):
            as_user = case.with_user(self.users[role])
            for values in ({"routing_notice_pending": False}, {"receipt_pending": True}):
                with self.subTest(role=role, values=values), self.assertRaises(StepRequired):
                    as_user.write(values)
        with self.assertRaises(StepRequired):
            self.as_role("customer_service").create(
                {"description": "A case born with its notice sent.", "routing_notice_pending": False}
                | {"receipt_pending": True}
            )
        self.assertTrue(case.routing_notice_pending)
        self.assertFalse(case.receipt_pending)

    def test_a_case_routed_to_a_person_is_not_queued(self):
        self.category.routing_user_id = self.users["quality"]
        case = self.register()
        self.assertFalse(case.routing_notice_pending)
        self.assertEqual(case.activity_ids.user_id, self.users["quality"], "the person gets a to-do at once")

    def test_the_scheduled_action_sends_them(self):
        case = self.register()
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.assertFalse(case.routing_notice_pending)
        self.assertEqual(len(self.notices_to(self.reader_en)), 1)

    def test_a_category_that_lost_its_role_tells_nobody_and_finishes(self):
        case = self.register()
        self.category.routing_group_id = False
        finish_intake(self.env)
        self.assertFalse(case.routing_notice_pending)
        self.assertFalse(self.notices_to(self.reader_en) | self.notices_to(self.reader_zh))

    def test_without_jit_leaves_the_setting_as_it_was(self):
        def jit():
            self.env.cr.execute("SHOW jit")
            return self.env.cr.fetchone()[0]

        before = jit()
        with without_jit(self.env.cr):
            self.assertEqual(jit(), "off")
        self.assertEqual(jit(), before)
