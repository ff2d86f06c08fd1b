from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import ComplaintCase

NOW = datetime(2026, 3, 20, 2, 0)


@tagged("post_install", "-at_install")
class TestOverdue(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = cls.users["department"]
        cls.leader = cls.users["supervisor"]
        cls.env["quality.complaint.department"].create(
            {"name": "Chemistry", "leader_id": cls.leader.id, "member_ids": [(6, 0, cls.handler.ids)]}
        )

    def _overdue_cases(self, count, **values):
        cases = self.Complaint.create(
            [
                {
                    "description": f"Late report {i}",
                    "received_date": datetime(2026, 3, 2, 2, 0),
                    "user_id": self.handler.id,
                    "concerns_lab": "yes",
                    **values,
                }
                for i in range(count)
            ]
        )
        cases.write({"state": "acknowledged", "ack_date": datetime(2026, 3, 2, 3, 0)})
        return cases

    def _activities(self, cases):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality.complaint"),
                ("res_id", "in", cases.ids),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_warning").id),
            ]
        )

    def test_flags_urges_and_notifies_handler_and_supervisor(self):
        case = self._overdue_cases(1)
        self.assertFalse(case.is_overdue)
        urgings = case._process_overdue(NOW)
        self.assertTrue(case.is_overdue)
        self.assertEqual(len(urgings), 1)
        self.assertEqual((urgings.deadline_type, urgings.level), ("plan_deadline", 1))
        self.assertEqual(urgings.supervisor_ids, self.leader)
        self.assertFalse(urgings.escalated)
        self.assertEqual(self._activities(case).user_id, self.handler | self.leader)
        self.assertTrue(any("Urging notice" in (m.body or "") for m in case.message_ids))

    def test_rerun_creates_no_duplicate(self):
        case = self._overdue_cases(1)
        case._process_overdue(NOW)
        messages = len(case.message_ids)
        self.assertFalse(case._process_overdue(NOW + timedelta(hours=1)))
        self.assertEqual(len(case.urging_ids), 1)
        self.assertEqual(len(self._activities(case)), 2)
        self.assertEqual(len(case.message_ids), messages)

    def test_on_hold_and_closed_cases_are_skipped(self):
        case = self._overdue_cases(1)
        case.state = "on_hold"
        self.assertFalse(case._process_overdue(NOW))
        self.assertFalse(case.is_overdue)

    def test_major_cases_escalate_to_top_management_at_once(self):
        case = self._overdue_cases(1, severity="major")
        urging = case._process_overdue(NOW)
        self.assertTrue(urging.escalated)
        self.assertIn(self.users["top"], self._activities(case).user_id)

    def test_still_overdue_after_the_grace_period_escalates(self):
        case = self._overdue_cases(1)
        first = case._process_overdue(NOW)
        first.flush_recordset()
        self.env.cr.execute(
            "UPDATE quality_complaint_urging SET create_date = %s WHERE id = %s",
            (NOW - timedelta(days=3), first.id),
        )
        first.invalidate_recordset()
        second = case._process_overdue(NOW)
        self.assertEqual((second.level, second.escalated), (2, True))
        self.assertIn(self.users["top"], self._activities(case).user_id)

    def test_no_supervisor_department_falls_back_to_quality_managers(self):
        case = self._overdue_cases(1, user_id=self.users["customer_service"].id)
        urging = case._process_overdue(NOW)
        self.assertIn(self.users["quality"], urging.supervisor_ids)

    def test_reason_for_delay_is_recorded_through_the_wizard(self):
        case = self._overdue_cases(1)
        urging = case._process_overdue(NOW)
        wizard = (
            self.env["quality.complaint.reason.wizard"]
            .with_user(self.handler)
            .create(
                {
                    "complaint_ids": [(6, 0, case.ids)],
                    "step": "delay",
                    "reason": "The balance was under repair.",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(urging.delay_reason, "The balance was under repair.")
        self.assertEqual(urging.reason_user_id, self.handler)

    def test_scheduled_action_runs_the_job(self):
        case = self._overdue_cases(1, received_date=datetime(2020, 1, 6, 2, 0))
        case.ack_date = datetime(2020, 1, 6, 3, 0)
        cron = self.env.ref("quality_complaint.ir_cron_process_overdue")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertTrue(case.is_overdue)
        self.assertEqual(len(case.urging_ids), 1)

    def _queries(self, cases):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        cases._process_overdue(NOW)
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_the_cases(self):
        warm_up, one = self._overdue_cases(1), self._overdue_cases(1)
        fifty = self._overdue_cases(50)
        warm_up._process_overdue(NOW)
        with self.assertQueryCount(__system__=QUERIES_OVERDUE):
            for_one = self._queries(one)
        with self.assertQueryCount(__system__=QUERIES_OVERDUE):
            for_fifty = self._queries(fifty)
        self.assertLessEqual(for_fifty - for_one, 2, "the job must not query per case")

    def test_case_creation_query_count(self):
        category = self.env["quality.complaint.category"].create(
            {"name": "Routed", "routing_user_id": self.users["customer_service"].id}
        )
        values = {"description": "x", "category_id": category.id, "partner_id": self.customer.id}
        self.Complaint.create(dict(values))
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=QUERIES_CREATE):
            self.Complaint.create(dict(values))


# Measured; the same bound holds for 1 and for 50 cases, whatever the demo data.
QUERIES_OVERDUE = 37
QUERIES_CREATE = 28
