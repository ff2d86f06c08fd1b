from datetime import datetime, timedelta

from odoo.tests import new_test_user, tagged

from ..models.quality_complaint import OVERDUE_BATCH
from ..models.quality_complaint_urging import DIGEST_ROWS
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
        # The demo cases' notices were told before: only the tests' own are pending.
        cls.env["quality.complaint.urging"].search([]).notified = True

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
        # The handling form is back with the office: the tests chase the other deadlines.
        cases._qc_import_history(
            {
                "state": "acknowledged",
                "ack_date": datetime(2026, 3, 2, 3, 0),
                "handover_date": datetime(2026, 3, 2, 4, 0),
            }
        )
        return cases

    def _activities(self, cases):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality.complaint"),
                ("res_id", "in", cases.ids),
                ("activity_type_id", "=", self.env.ref("quality_complaint.mail_activity_type_urging").id),
            ]
        )

    def _digests(self, user):
        """The notices listing overdue cases that `user` received."""
        return self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
                ("model", "=", False),
            ]
        )

    def test_flags_urges_and_notifies_handler_and_supervisor(self):
        case = self._overdue_cases(1)
        self.assertFalse(case.is_overdue)
        urgings = case._process_overdue(NOW)
        self.assertTrue(case.is_overdue)
        self.assertEqual(len(urgings), 1)
        self.assertEqual((urgings.deadline_type, urgings.level), ("plan_deadline", 1))
        self.assertFalse(urgings.escalated)
        self.assertFalse(
            self._activities(case) or self._digests(self.leader), "people are told after the run"
        )

        self.env["quality.complaint.urging"]._notify_pending()
        self.assertEqual(urgings.supervisor_ids, self.leader)
        self.assertEqual(self._activities(case).user_id, self.handler, "the handler has the to-do")
        digest = self._digests(self.leader)
        self.assertEqual(len(digest), 1)
        self.assertIn(case.name, digest.body)
        self.assertIn(f"/odoo/quality.complaint/{case.id}", digest.body)
        self.assertTrue(urgings.notified)
        self.assertFalse(self._digests(self.handler))
        self.assertFalse(self._digests(self.users["top"]), "not escalated")

    def test_rerun_creates_no_duplicate(self):
        case = self._overdue_cases(1)
        case._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        messages = len(case.message_ids)
        self.assertFalse(case._process_overdue(NOW + timedelta(hours=1)))
        self.assertFalse(self.env["quality.complaint.urging"]._notify_pending())
        self.assertEqual(len(case.urging_ids), 1)
        self.assertEqual(len(self._activities(case)), 1)
        self.assertEqual(len(case.message_ids), messages)
        self.assertEqual(len(self._digests(self.leader)), 1)

    def test_one_notice_per_supervisor_for_all_their_cases(self):
        cases = self._overdue_cases(3)
        cases._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        digest = self._digests(self.leader)
        self.assertEqual(len(digest), 1)
        for case in cases:
            self.assertIn(case.name, digest.body)
        self.assertEqual(len(self._activities(cases)), 3)

    def test_each_to_do_names_its_case_as_odoo_would(self):
        cases = self._overdue_cases(3)
        cases._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        todos = self._activities(cases)
        self.assertEqual(sorted(todos.mapped("res_name")), sorted(cases.mapped("display_name")))
        named = {todo: todo.res_name for todo in todos}
        todos._compute_res_name()
        self.assertEqual({todo: todo.res_name for todo in todos}, named)
        self.assertEqual(self._activities(cases).user_id, self.handler)

    def test_a_long_notice_lists_the_first_cases_and_links_the_register(self):
        cases = self._overdue_cases(DIGEST_ROWS + 2)
        cases._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        body = self._digests(self.leader).body
        self.assertEqual(sum(case.name in body for case in cases), DIGEST_ROWS)
        self.assertIn("Not listed here: 2", body)
        self.assertIn("action-quality_complaint.action_quality_complaint_urging", body)

    def test_notice_is_written_in_the_supervisors_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_complaint"], ["zh_CN"])
        self.leader.lang = "zh_CN"
        case = self._overdue_cases(1)
        case._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        digest = self._digests(self.leader)
        self.assertEqual(len(digest), 1)
        self.assertIn("催办", digest.subject)
        self.assertIn("处理方案", digest.body, "the deadline type in Chinese")
        self.assertNotIn("催办", self._activities(case).summary, "the handler reads English")

    def test_to_do_is_written_in_the_handlers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.handler.lang = "zh_CN"
        case = self._overdue_cases(1)
        case._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        self.assertIn("催办", self._activities(case).summary)

    def test_case_without_handler_gives_the_supervisors_the_to_do(self):
        case = self._overdue_cases(1, user_id=False)
        urging = case._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        quality_managers = self.env.ref("quality_complaint.group_quality_manager").all_user_ids
        self.assertEqual(urging.supervisor_ids, quality_managers)
        self.assertEqual(self._activities(case).user_id, quality_managers)
        self.assertFalse(self._digests(self.users["quality"]), "they have the to-do already")

    def test_archived_quality_managers_are_not_given_to_dos(self):
        retired = new_test_user(
            self.env, login="qc_retired_quality", groups="quality_complaint.group_quality_manager"
        )
        retired.active = False
        case = self._overdue_cases(1, user_id=False)
        case._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
        self.assertIn(self.users["quality"], self._activities(case).user_id)
        self.assertNotIn(retired, self._activities(case).user_id)

    def test_people_involved_in_the_work_are_not_told(self):
        case = self._overdue_cases(1, severity="major", involved_user_ids=[(6, 0, self.users["top"].ids)])
        urging = case._process_overdue(NOW)
        self.assertTrue(urging.escalated)
        self.env["quality.complaint.urging"]._notify_pending()
        self.assertFalse(self._digests(self.users["top"]))

    def test_on_hold_and_closed_cases_are_skipped(self):
        case = self._overdue_cases(1)
        case._qc_import_history({"state": "on_hold"})
        self.assertFalse(case._process_overdue(NOW))
        self.assertFalse(case.is_overdue)

    def test_major_cases_escalate_to_top_management_at_once(self):
        case = self._overdue_cases(1, severity="major")
        urging = case._process_overdue(NOW)
        self.assertTrue(urging.escalated)
        self.env["quality.complaint.urging"]._notify_pending()
        digest = self._digests(self.users["top"])
        self.assertEqual(len(digest), 1)
        self.assertIn(case.name, digest.body)
        self.assertIn("escalated to top management", digest.body)

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
        self.env["quality.complaint.urging"]._notify_pending()
        self.assertIn(case.name, self._digests(self.users["top"]).body)

    def test_no_supervisor_department_falls_back_to_quality_managers(self):
        case = self._overdue_cases(1, user_id=self.users["customer_service"].id)
        urging = case._process_overdue(NOW)
        self.env["quality.complaint.urging"]._notify_pending()
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
        self.env["quality.complaint.urging"]._notify_pending()
        self.assertEqual(len(self._activities(case)), 1)
        wizard.action_confirm()
        self.assertEqual(urging.delay_reason, "The balance was under repair.")
        self.assertEqual(urging.reason_user_id, self.handler)
        self.assertFalse(self._activities(case), "the to-do is done once the reason is recorded")
        self.assertTrue(
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search_count(
                [("res_model", "=", "quality.complaint"), ("res_id", "=", case.id), ("active", "=", False)]
            ),
            "and kept, archived",
        )

    def test_scheduled_action_runs_the_job(self):
        case = self._overdue_cases(1, received_date=datetime(2020, 1, 6, 2, 0))
        case._qc_import_history({"ack_date": datetime(2020, 1, 6, 3, 0)})
        cron = self.env.ref("quality_complaint.ir_cron_process_overdue")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertTrue(case.is_overdue)
        self.assertEqual(len(case.urging_ids), 1)
        self.assertTrue(case.urging_ids.notified)
        self.assertIn(case.name, self._digests(self.leader).body)

    def _queries(self, cases):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        cases._process_overdue(NOW)
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_the_cases(self):
        warm_up, one = self._overdue_cases(1), self._overdue_cases(1)
        full_batch = self._overdue_cases(OVERDUE_BATCH)
        warm_up._process_overdue(NOW)
        with self.assertQueryCount(__system__=QUERIES_OVERDUE):
            for_one = self._queries(one)
        with self.assertQueryCount(__system__=QUERIES_OVERDUE):
            for_batch = self._queries(full_batch)
        self.assertEqual(for_batch, for_one, "a batch costs the same queries whatever its number of cases")

    def _notify_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.env["quality.complaint.urging"]._notify_pending()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_notice_query_count_does_not_grow_with_the_cases(self):
        warm_up, one, fifty = self._overdue_cases(1), self._overdue_cases(1), self._overdue_cases(50)
        warm_up._process_overdue(NOW)
        self._notify_queries()
        one._process_overdue(NOW)
        with self.assertQueryCount(__system__=QUERIES_NOTIFY):
            for_one = self._notify_queries()
        fifty._process_overdue(NOW)
        with self.assertQueryCount(__system__=QUERIES_NOTIFY):
            for_fifty = self._notify_queries()
        self.assertEqual(for_fifty, for_one, "telling the people concerned must not query per case")

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
# Creating a case also reads the language it is answered in (its contact's),
# and wakes the intake job (its trigger).
QUERIES_OVERDUE = 4
QUERIES_NOTIFY = 41
QUERIES_CREATE = 26
