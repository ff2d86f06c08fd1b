from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBoard(TransactionCase):
    def test_closed_and_cancelled_columns_are_folded(self):
        board = self.env["quality.complaint"].with_context(read_group_expand=True)
        groups = board.web_read_group([], ["state"], auto_unfold=True, unfold_read_specification={"name": {}})
        opened = {group["state"]: "__records" in group for group in groups["groups"]}
        self.assertEqual(
            set(opened),
            {
                "new",
                "acknowledged",
                "investigation",
                "on_hold",
                "decision",
                "approved",
                "replied",
                "closed",
                "cancelled",
            },
        )
        self.assertFalse(opened["closed"] or opened["cancelled"])
        self.assertTrue(opened["new"])


@tagged("post_install", "-at_install")
class TestKanbanTour(HttpCase):
    def test_kanban_acknowledge_and_post(self):
        case = self.env["quality.complaint"].create(
            {
                "summary": "Tour: lead content disputed",
                "description": "The lead content in report R-7 is wrong.",
                "received_date": fields.Datetime.now(),
                "category_id": self.env.ref("quality_complaint.category_result_dispute").id,
            }
        )
        self.start_tour(
            "/odoo/action-quality_complaint.action_quality_complaint",
            "quality_complaint_kanban_tour",
            login="admin",
        )
        self.assertEqual(case.state, "acknowledged")
        self.assertEqual(case.concerns_lab, "yes")
        self.assertIn(
            "Called the customer back about the re-test.",
            case.message_ids.filtered(lambda message: message.message_type == "comment").mapped("body")[0],
        )
