from odoo import api, fields, models

from ..models.quality_complaint_device_mixin import REGULATORY_GROUP


class QualityComplaintDashboard(models.TransientModel):
    _inherit = "quality.complaint.dashboard"

    handling_cost = fields.Monetary(
        string="Cost of handling",
        compute="_compute_handling_cost",
        groups=REGULATORY_GROUP,
        help="The internal cost lines of the cases received in the period.",
    )

    @api.depends("date_from", "date_to", "company_id")
    def _compute_handling_cost(self):
        CostLine = self.env["quality.complaint.cost.line"]
        for dashboard in self:
            start, end = dashboard._qc_bounds(dashboard.date_from, dashboard.date_to)
            dashboard.handling_cost = CostLine._read_group(
                [
                    ("complaint_id.received_date", ">=", start),
                    ("complaint_id.received_date", "<", end),
                    ("company_id", "=", dashboard.company_id.id),
                ],
                [],
                ["amount:sum"],
            )[0][0]
