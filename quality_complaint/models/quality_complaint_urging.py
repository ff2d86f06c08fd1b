from odoo import api, fields, models
from odoo.exceptions import UserError

DEADLINE_TYPES = [
    ("ack_deadline", "Acknowledgement"),
    ("plan_deadline", "Handling plan"),
    ("reply_deadline", "Reply"),
]


class QualityComplaintUrging(models.Model):
    """An urging notice (催办单) issued when a case passes a deadline (M2).

    One per case, deadline and level: the overdue job may run any number of
    times and never issues the same notice twice.
    """

    _name = "quality.complaint.urging"
    _description = "Urging notice"
    _order = "create_date desc, id desc"

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, readonly=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    deadline_type = fields.Selection(DEADLINE_TYPES, required=True, readonly=True)
    deadline = fields.Datetime(required=True, readonly=True)
    level = fields.Integer(
        required=True,
        readonly=True,
        default=1,
        help="1: first notice; 2: still overdue after the grace period.",
    )
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    supervisor_ids = fields.Many2many("res.users", string="Supervisors", readonly=True)
    escalated = fields.Boolean(string="Escalated to top management", readonly=True)
    delay_reason = fields.Text(string="Reason for the delay")
    reason_user_id = fields.Many2one("res.users", string="Reason given by", readonly=True)
    reason_date = fields.Datetime(string="Reason given on", readonly=True)

    _notice_unique = models.UniqueIndex(
        "(complaint_id, deadline_type, deadline, level)",
        "This urging notice was already issued.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An urging notice is part of the case record (M2) and is never deleted."))

    def action_record_reason(self, reason):
        """Record why the case is late (the urging notice asks for it)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Write the reason for the delay."))
        for urging in self:
            urging.complaint_id.check_access("write")
        self.sudo().write(
            {"delay_reason": reason, "reason_user_id": self.env.uid, "reason_date": fields.Datetime.now()}
        )
        for urging in self:
            urging.complaint_id.message_post(
                body=self.env._(
                    "Reason for the delay (urging notice of %(date)s): %(reason)s",
                    date=urging.create_date,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
