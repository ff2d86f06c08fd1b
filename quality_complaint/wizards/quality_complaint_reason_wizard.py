from odoo import fields, models
from odoo.exceptions import UserError

# step -> (field of the case that keeps the reason, workflow method)
STEPS = {
    "hold": ("hold_reason", "action_put_on_hold"),
    "cancel": ("cancel_reason", "action_cancel"),
    "late_notice": ("late_notice_reason", "action_send_late_notice"),
    "out_of_time": ("out_of_time_override_reason", "action_override_out_of_time"),
}


class QualityComplaintReasonWizard(models.TransientModel):
    """Asks for the reason a step needs, writes it on the case, then runs the step."""

    _name = "quality.complaint.reason.wizard"
    _description = "Reason for a case step"

    # === FIELDS === #

    complaint_ids = fields.Many2many("quality.complaint", required=True)
    urging_id = fields.Many2one("quality.complaint.urging")
    step = fields.Selection(
        [
            ("hold", "Put on hold"),
            ("cancel", "Cancel"),
            ("late_notice", "Announce a late reply"),
            ("out_of_time", "Accept a late objection"),
            ("delay", "Reason for the delay"),
        ],
        required=True,
    )
    reason = fields.Text(required=True)

    # === ACTION METHODS === #

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Write the reason."))
        if self.step == "delay":
            urging = (
                self.urging_id or self.complaint_ids.urging_ids.filtered(lambda u: not u.delay_reason)[:1]
            )
            if not urging:
                raise UserError(self.env._("There is no urging notice waiting for a reason."))
            return urging.action_record_reason(self.reason)
        field_name, method = STEPS[self.step]
        self.complaint_ids.write({field_name: self.reason})
        result = getattr(self.complaint_ids, method)()
        return result if isinstance(result, dict) else {"type": "ir.actions.act_window_close"}
