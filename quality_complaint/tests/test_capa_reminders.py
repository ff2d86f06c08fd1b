from datetime import date

from odoo.tests import tagged

from .common_investigation import InvestigationCase

DUE = date(2026, 4, 10)


@tagged("post_install", "-at_install")
class TestCapaReminders(InvestigationCase):
    def _open_capas(self, count):
        capas = self.Capa.create(
            [
                {
                    "title": f"Action plan {index}",
                    "source": "audit",
                    "source_document": "IA-2026-02",
                    "user_id": self.users["quality"].id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Revise QP-14",
                                "responsible_id": self.users["department"].id,
                                "due_date": DUE,
                            },
                        )
                    ],
                }
                for index in range(count)
            ]
        )
        capas.action_open()
        return capas

    def _activities(self, capas):
        return self.env["mail.activity"].search(
            [("res_model", "=", "quality.corrective.action"), ("res_id", "in", capas.ids)]
        )

    def test_reminds_the_responsible_before_the_due_date_once(self):
        capa = self._open_capas(1)
        Line = self.env["quality.corrective.action.line"]
        self.assertFalse(Line.browse(capa.line_ids.ids)._qc_send_due_reminders(date(2026, 4, 1)))
        self.assertEqual(capa.line_ids._qc_send_due_reminders(date(2026, 4, 8)), capa.line_ids)
        self.assertEqual(self._activities(capa).user_id, self.users["department"])
        self.assertEqual(capa.line_ids.reminder_state, "reminded")
        self.assertFalse(capa.line_ids._qc_send_due_reminders(date(2026, 4, 9)))
        self.assertEqual(len(self._activities(capa)), 1)

    def test_overdue_lines_notify_responsible_and_owner_and_flag_the_capa(self):
        capa = self._open_capas(1)
        capa.line_ids._qc_send_due_reminders(date(2026, 4, 8))
        capa.line_ids._qc_send_due_reminders(date(2026, 4, 11))
        self.assertTrue(capa.line_ids.is_overdue)
        self.assertTrue(capa.is_late)
        self.assertEqual(self._activities(capa).user_id, self.users["department"] | self.users["quality"])
        self.assertTrue(any("was due on" in (message.body or "") for message in capa.message_ids))
        self.assertFalse(capa.line_ids._qc_send_due_reminders(date(2026, 4, 12)))

    def test_done_lines_and_draft_capas_are_skipped(self):
        capa = self._open_capas(1)
        capa.line_ids.write({"done_date": date(2026, 4, 5), "evidence": "Done."})
        draft = self.capa()
        lines = capa.line_ids | draft.line_ids
        self.assertFalse(lines._qc_send_due_reminders(date(2026, 4, 11)))

    def test_moving_the_due_date_rearms_the_reminder(self):
        capa = self._open_capas(1)
        capa.line_ids._qc_send_due_reminders(date(2026, 4, 11))
        capa.line_ids.due_date = date(2026, 5, 10)
        self.assertEqual((capa.line_ids.reminder_state, capa.line_ids.is_overdue), ("none", False))
        self.assertEqual(capa.line_ids._qc_send_due_reminders(date(2026, 5, 8)), capa.line_ids)

    def test_scheduled_action_runs_the_job(self):
        capa = self._open_capas(1)
        capa.line_ids.due_date = date(2020, 1, 6)
        cron = self.env.ref("quality_complaint.ir_cron_capa_reminders")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(capa.line_ids.reminder_state, "overdue")
        self.assertTrue(self._activities(capa))

    def test_query_count_does_not_grow_with_the_lines(self):
        warm_up, one, fifty = self._open_capas(1), self._open_capas(1), self._open_capas(50)
        today = date(2026, 4, 11)
        warm_up.line_ids._qc_send_due_reminders(today)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=QUERIES_REMINDERS):
            one.line_ids._qc_send_due_reminders(today)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=QUERIES_REMINDERS):
            fifty.line_ids._qc_send_due_reminders(today)
        self.assertEqual(len(self._activities(fifty)), 100)


# Measured; the same bound holds for 1 and for 50 action lines.
QUERIES_REMINDERS = 23
