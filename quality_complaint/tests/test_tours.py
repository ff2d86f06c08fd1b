from odoo import fields
from odoo.tests import HttpCase, tagged


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
