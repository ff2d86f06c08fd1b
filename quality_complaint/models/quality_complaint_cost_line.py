from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .quality_complaint_device_mixin import FINISHED_CASE_STATES

COST_TYPES = [
    ("freight", "Freight and logistics"),
    ("replacement", "Replacement units"),
    ("repair", "Repair and rework"),
    ("labour", "Staff time"),
    ("testing", "Tests and analysis"),
    ("travel", "Travel"),
    ("other", "Other"),
]


class QualityComplaintCostLine(models.Model):
    """One internal cost of handling a case (处理费用), never shown to the complainant."""

    _name = "quality.complaint.cost.line"
    _description = "Cost of handling a case"
    _inherit = ["quality.complaint.device.mixin"]
    _order = "date desc, id desc"
    # Corrected while the case is open (a wrong line is deleted); kept once it is closed.
    _qc_kept = False

    # === FIELDS === #

    date = fields.Date(required=True, default=fields.Date.context_today)
    cost_type = fields.Selection(COST_TYPES, string="Type", required=True, default="other")
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True)
    device_action_id = fields.Many2one(
        "quality.complaint.device.action",
        string="Return, exchange or recall",
        domain="[('complaint_id', '=', complaint_id)]",
        check_company=True,
        index="btree_not_null",
    )
    user_id = fields.Many2one(
        "res.users", string="Booked by", default=lambda self: self.env.user, readonly=True
    )

    # === CONSTRAINT METHODS === #

    @api.constrains("amount")
    def _check_amount_positive(self):
        if self.filtered(lambda line: line.amount <= 0):
            raise ValidationError(self.env._("A cost of handling is a positive amount."))

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._qc_check_case_open()
        return lines

    def write(self, vals):
        self._qc_check_case_open()
        result = super().write(vals)
        if "complaint_id" in vals:
            self._qc_check_case_open()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_case_open(self):
        self._qc_check_case_open()

    # === BUSINESS METHODS === #

    def _qc_check_case_open(self):
        """The costs of a closed case are part of its kept record (ISO/IEC 17025 8.4)."""
        finished = self.complaint_id.filtered(lambda case: case.state in FINISHED_CASE_STATES)
        if finished:
            raise UserError(
                self.env._("%s is closed: its costs of handling can no longer be changed.", finished[0].name)
            )
