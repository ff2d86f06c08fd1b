from collections import Counter
from datetime import datetime
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCase


class CronKilled(Exception):
    """Stands for the worker being killed: the open transaction is lost."""


@tagged("post_install", "-at_install")
class TestCronInterruption(ComplaintCase):
    """M2: the overdue job is cut mid-run, then run again from the start.

    The scheduler commits after every batch; a worker killed (or timed out)
    in the middle of a batch loses that batch's transaction and keeps the
    batches before it. The next run must finish the work without issuing
    any notice, activity, notice to a supervisor or mail a second time.
    """

    BATCH = 2

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        handler = cls.users["department"]
        cls.env["quality.complaint.department"].create(
            {
                "name": "Chemistry",
                "leader_id": cls.users["supervisor"].id,
                "member_ids": [(6, 0, handler.ids)],
            }
        )
        # Received in 2020: overdue whatever day the tests run.
        cls.cases = cls.Complaint.create(
            [
                {
                    "description": f"Late report {i}",
                    "received_date": datetime(2020, 1, 6, 2, 0),
                    "user_id": handler.id,
                    "concerns_lab": "yes",
                    "severity": "major" if i == 0 else "general",
                }
                for i in range(5)
            ]
        )
        # The handling forms are back with the office: only the handling plan is late.
        cls.cases._qc_import_history(
            {
                "state": "acknowledged",
                "ack_date": datetime(2020, 1, 6, 3, 0),
                "handover_date": datetime(2020, 1, 6, 4, 0),
            }
        )
        cls.cron = cls.env.ref("quality_complaint.ir_cron_process_overdue")
        cls.cron.code = f"model._cron_process_overdue(batch_size={cls.BATCH})"
        # The demo's notices were told before: only the tests' own are pending.
        cls.env["quality.complaint.urging"].search([]).notified = True

    def _run_scheduled_job(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _output(self):
        """What the job leaves behind: notices, activities, the cases each person
        was told about, and the mails queued."""
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality.complaint"),
                ("res_id", "in", self.cases.ids),
                ("activity_type_id", "=", self.env.ref("quality_complaint.mail_activity_type_urging").id),
            ]
        )
        digests = self.env["mail.message"].search(
            [("message_type", "=", "user_notification"), ("model", "=", False)]
        )
        case_messages = self.env["mail.message"].search(
            [("model", "=", "quality.complaint"), ("res_id", "in", self.cases.ids)]
        )
        return {
            "urgings": Counter(
                (u.complaint_id.id, u.deadline_type, u.deadline, u.level) for u in self.cases.urging_ids
            ),
            "activities": Counter((a.res_id, a.user_id.id) for a in activities),
            "told": Counter(
                (partner.id, case.id)
                for digest in digests
                for partner in digest.partner_ids
                for case in self.cases
                if case.name in digest.body
            ),
            "mails": self.env["mail.mail"].search_count(
                [("mail_message_id", "in", (digests | case_messages).ids)]
            ),
        }

    def _assert_done_once(self, output):
        self.assertTrue(all(self.cases.mapped("is_overdue")))
        self.assertTrue(all(self.cases.urging_ids.mapped("notified")))
        leader = self.users["supervisor"].partner_id
        self.assertEqual(
            {case for partner, case in output["told"] if partner == leader.id}, set(self.cases.ids)
        )
        for kind in ("urgings", "activities", "told"):
            duplicates = {key: count for key, count in output[kind].items() if count > 1}
            self.assertFalse(duplicates, f"{kind} issued more than once: {duplicates}")
        self.assertEqual(len(output["urgings"]), len(self.cases))
        self.assertEqual(len(output["activities"]), len(self.cases))

    def test_killed_mid_batch_then_rerun(self):
        now = fields.Datetime.now()
        # First batch done and committed; the worker dies during the second.
        self.cases[: self.BATCH]._process_overdue(now)
        with self.assertRaises(CronKilled), self.env.cr.savepoint():
            self.cases[self.BATCH : 2 * self.BATCH]._process_overdue(now)
            self.env.flush_all()
            raise CronKilled
        self.env.invalidate_all()
        partial = self._output()
        self.assertEqual(
            {key[0] for key in partial["urgings"]},
            set(self.cases[: self.BATCH].ids),
            "only the committed batch keeps its notices",
        )
        self.assertFalse(partial["told"], "supervisors are told when the run is over")

        self._run_scheduled_job()
        output = self._output()
        self._assert_done_once(output)
        for kind in ("urgings", "activities"):
            for key, count in partial[kind].items():
                self.assertEqual(output[kind][key], count, f"{kind} of the first batch issued again")

    def test_killed_while_telling_the_supervisors_then_rerun(self):
        now = fields.Datetime.now()
        self.cases._process_overdue(now)
        with self.assertRaises(CronKilled), self.env.cr.savepoint():
            self.env["quality.complaint.urging"]._notify_pending()
            self.env.flush_all()
            raise CronKilled
        self.env.invalidate_all()
        self.assertFalse(self._output()["told"])
        self._run_scheduled_job()
        self._assert_done_once(self._output())

    def test_run_stopped_by_its_time_limit_is_finished_by_the_next(self):
        def out_of_time_after_a_batch(cron, processed=0, **kwargs):
            return 0.0 if processed else float("inf")

        overdue_domain = type(self.Complaint)._overdue_domain

        def only_these_cases(model, now):
            return [("id", "in", self.cases.ids), *overdue_domain(model, now)]

        with (
            patch.object(type(self.env["ir.cron"]), "_commit_progress", out_of_time_after_a_batch),
            patch.object(type(self.Complaint), "_overdue_domain", only_these_cases),
        ):
            self.Complaint._cron_process_overdue(batch_size=self.BATCH)
        self.env.invalidate_all()
        partial = self._output()
        self.assertEqual(len(partial["urgings"]), self.BATCH)
        self.assertFalse(partial["told"], "the run stopped before telling the supervisors")
        self._run_scheduled_job()
        self._assert_done_once(self._output())

    def test_rerun_of_a_finished_job_changes_nothing(self):
        self._run_scheduled_job()
        first = self._output()
        self._assert_done_once(first)
        self._run_scheduled_job()
        self.assertEqual(self._output(), first)

    def test_major_case_escalation_survives_the_cut(self):
        now = fields.Datetime.now()
        major = self.cases[0]
        major._process_overdue(now)
        top = self.users["top"]
        self._run_scheduled_job()
        told = self._output()["told"]
        self.assertEqual(told[(top.partner_id.id, major.id)], 1)
        self.assertFalse(any(told[(top.partner_id.id, case.id)] for case in self.cases[1:]))
