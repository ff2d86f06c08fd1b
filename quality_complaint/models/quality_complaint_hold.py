from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from .quality_workflow_mixin import Step

_lt = LazyTranslate(__name__)


class QualityComplaintHold(models.Model):
    """One pause of a case's clock while it waits on the complainant or a third party (M6)."""

    _name = "quality.complaint.hold"
    _description = "Case on hold"
    _inherit = ["quality.workflow.mixin"]
    _order = "start desc, id desc"
    # Pauses move the deadlines: only the case's hold and resume steps record them.
    _qc_steps = {
        "start": Step(
            sets=frozenset({"complaint_id", "reason", "start", "user_id"}),
            label=_lt("put a case on hold"),
        ),
        "stop": Step(sets=frozenset({"stop"}), label=_lt("resume a case")),
    }
    _qc_step_owned = frozenset({"complaint_id", "reason", "start", "stop", "user_id", "paused_days"})

    # === FIELDS === #

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, readonly=True, ondelete="cascade", index=True, copy=False
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    reason = fields.Text(required=True, readonly=True, copy=False)
    start = fields.Datetime(required=True, readonly=True, copy=False)
    stop = fields.Datetime(readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users", string="Put on hold by", default=lambda self: self.env.user, readonly=True, copy=False
    )
    paused_days = fields.Integer(
        string="Working days paused",
        compute="_compute_paused_days",
        store=True,
        precompute=True,
        help="Working days the case spent on hold; its plan and reply deadlines move by them.",
    )

    # === COMPUTE METHODS === #

    @api.depends("start", "stop")
    def _compute_paused_days(self):
        ended = self.filtered(lambda hold: hold.start and hold.stop)
        (self - ended).paused_days = 0
        # One lookup of working dates per calendar, however many pauses.
        spans = {}
        for hold in ended:
            calendar = hold.complaint_id._qc_calendar()
            start, stop = calendar._qc_local_date(hold.start), calendar._qc_local_date(hold.stop)
            low, high = spans.get(calendar, (start, stop))
            spans[calendar] = (min(low, start), max(high, stop))
        working_dates = {calendar: calendar._qc_working_dates(*span) for calendar, span in spans.items()}
        for hold in ended:
            calendar = hold.complaint_id._qc_calendar()
            hold.paused_days = calendar._qc_count_working_days(hold.start, hold.stop, working_dates[calendar])

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

    # === BUSINESS METHODS === #

    @api.model
    def _qc_start(self, cases):
        """Open a pause for each case of `cases`, from now, with its hold reason."""
        return self._qc_step("start").create(
            [
                {
                    "complaint_id": case.id,
                    "reason": case.hold_reason,
                    "start": fields.Datetime.now(),
                    "user_id": self.env.uid,
                }
                for case in cases
            ]
        )

    def _qc_stop(self):
        """End the pauses of `self` still running, now."""
        self.filtered(lambda hold: not hold.stop)._qc_step("stop").write({"stop": fields.Datetime.now()})
