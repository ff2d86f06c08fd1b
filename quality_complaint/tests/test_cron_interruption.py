from collections import Counter
from datetime import datetime

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
    any notice, activity, chatter message or mail a second time.
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
        cls.cases.write({"state": "acknowledged", "ack_date": datetime(2020, 1, 6, 3, 0)})
        cls.cron = cls.env.ref("quality_complaint.ir_cron_process_overdue")
        cls.cron.code = f"model._cron_process_overdue(batch_size={cls.BATCH})"

    def _run_scheduled_job(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _output(self):
        """What the job leaves behind, per case: notices, activities, messages, mails."""
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality.complaint"),
                ("res_id", "in", self.cases.ids),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_warning").id),
            ]
        )
        messages = self.env["mail.message"].search(
            [("model", "=", "quality.complaint"), ("res_id", "in", self.cases.ids)]
        )
        return {
            "urgings": Counter(
                (u.complaint_id.id, u.deadline_type, u.deadline, u.level) for u in self.cases.urging_ids
            ),
            "activities": Counter((a.res_id, a.user_id.id) for a in activities),
            "urging_messages": Counter(m.res_id for m in messages if "Urging notice" in (m.body or "")),
            "mails": self.env["mail.mail"].search_count([("mail_message_id", "in", messages.ids)]),
        }

    def _assert_done_once(self, output):
        self.assertTrue(all(self.cases.mapped("is_overdue")))
        self.assertEqual(set(output["urging_messages"]), set(self.cases.ids))
        for kind in ("urgings", "activities", "urging_messages"):
            duplicates = {key: count for key, count in output[kind].items() if count > 1}
            self.assertFalse(duplicates, f"{kind} issued more than once: {duplicates}")
        self.assertEqual(len(output["urgings"]), len(self.cases))

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

        self._run_scheduled_job()
        output = self._output()
        self._assert_done_once(output)
        for kind in ("urgings", "activities", "urging_messages"):
            for key, count in partial[kind].items():
                self.assertEqual(output[kind][key], count, f"{kind} of the first batch issued again")
        self.assertEqual(output["mails"], partial["mails"], "the rerun sent mail")

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
        activities = self._output()["activities"]
        self.assertEqual(activities[(major.id, top.id)], 1)
