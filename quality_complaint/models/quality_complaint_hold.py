from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class QualityComplaintHold(models.Model):
    """One pause of a case's clock while it waits on the complainant or a third party (M6)."""

    _name = "quality.complaint.hold"
    _description = "Case on hold"
    _order = "start desc, id desc"

    # === FIELDS === #

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, readonly=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    reason = fields.Text(required=True, readonly=True)
    start = fields.Datetime(required=True, readonly=True)
    stop = fields.Datetime(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Put on hold by", default=lambda self: self.env.user, readonly=True
    )
    paused_days = fields.Integer(
        string="Working days paused",
        compute="_compute_paused_days",
        store=True,
        help="Working days the case spent on hold; its plan and reply deadlines move by them.",
    )

    # === COMPUTE METHODS === #

    @api.depends("start", "stop")
    def _compute_paused_days(self):
        for hold in self:
            if hold.start and hold.stop:
                calendar = hold.complaint_id._qc_calendar()
                hold.paused_days = calendar._qc_count_working_days(hold.start, hold.stop)
            else:
                hold.paused_days = 0

    # === CONSTRAINT METHODS === #

    @api.constrains("start", "stop")
    def _check_period(self):
        for hold in self:
            if hold.stop and hold.stop < hold.start:
                raise ValidationError(self.env._("A pause cannot end before it starts."))

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A pause is part of the case record and is never deleted."))
