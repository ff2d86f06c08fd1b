from lxml import etree

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

    def test_boards_of_step_owned_columns_offer_no_drag(self):
        """A drag writes the column's field: where only steps write it, the board offers none."""
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "quality_complaint"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        checked = set()
        for view in views.filtered(lambda view: view.type == "kanban"):
            arch = etree.fromstring(view.arch)
            model = self.env[view.model]
            if (
                isinstance(model, self.registry["quality.workflow.mixin"])
                and arch.get("default_group_by") in model._qc_owned_fields()
            ):
                self.assertEqual(arch.get("records_draggable"), "0", view.name)
                checked.add(view.model)
        self.assertGreaterEqual(checked, {"quality.complaint", "quality.corrective.action"})


@tagged("post_install", "-at_install")
class TestKanbanTour(HttpCase):
    def test_kanban_keeps_the_card_then_acknowledge_and_post(self):
        """The tour tries to drag the new case to another column first: the card stays where it is."""
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
