from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..const import QUALITY_SUPERVISOR
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

MEDIATION_BODIES = [
    ("hospital_office", "Hospital administration office"),
    ("medical_dispute", "Medical dispute mediation committee"),
    ("consumer_org", "Consumer association"),
    ("accreditation", "Accreditation body"),
    ("regulator", "Regulator"),
    ("other", "Other body"),
]
MEDIATION_OUTCOMES = [
    ("agreement", "Agreement reached"),
    ("no_agreement", "No agreement"),
    ("withdrawn", "Withdrawn by the complainant"),
]
# A case escalates once acknowledged and until it is closed.
ESCALATING_STATES = ("acknowledged", "investigation", "on_hold", "decision", "approved", "replied")
MEDIATION_STEPS = {
    "conclude": Step(
        ("referred",),
        ("concluded",),
        QUALITY_SUPERVISOR,
        sets=frozenset({"outcome_recorded_by_id"}),
        advances=True,
        label=_lt("record the outcome of a mediation"),
    ),
}


class QualityComplaintMediation(models.Model):
    """A case referred for mediation (移交院办调解): to which body, when, and
    how it ended (R5)."""

    _name = "quality.complaint.mediation"
    _description = "Mediation of a case"
    _inherit = ["quality.workflow.mixin", "mail.thread"]
    _order = "referred_date desc, id desc"
    _check_company_auto = True
    _rec_name = "complaint_id"
    _qc_steps = MEDIATION_STEPS
    _qc_step_owned = frozenset({"outcome_recorded_by_id"})
    _qc_locks = (
        Lock(
            states=("concluded",),
            message=_lt("The mediation of %s has ended: its record can no longer be changed."),
        ),
    )

    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    state = fields.Selection(
        [("referred", "Referred"), ("concluded", "Concluded")],
        default="referred",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    body = fields.Selection(MEDIATION_BODIES, string="Mediating body", required=True, tracking=True)
    body_name = fields.Char(string="Name of the body", help="The office or committee, as it names itself.")
    body_contact = fields.Char(string="Contact at the body")
    referred_date = fields.Date(string="Referred on", required=True, default=fields.Date.context_today)
    session_date = fields.Date(string="Mediation session on")
    end_date = fields.Date(string="Ended on")
    reason = fields.Text(string="Why referred", required=True)
    outcome = fields.Selection(MEDIATION_OUTCOMES, tracking=True)
    outcome_note = fields.Text(string="Outcome and agreement")
    outcome_recorded_by_id = fields.Many2one(
        "res.users", string="Outcome recorded by", readonly=True, copy=False
    )

    @api.constrains("referred_date", "session_date", "end_date")
    def _check_dates(self):
        for mediation in self:
            later = [date for date in (mediation.session_date, mediation.end_date) if date]
            if any(date < mediation.referred_date for date in later) or (
                mediation.session_date and mediation.end_date and mediation.end_date < mediation.session_date
            ):
                raise ValidationError(
                    self.env._(
                        "%s: a mediation cannot meet or end before it was referred.", mediation.display_name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        mediations = super().create(vals_list)
        not_escalating = mediations.filtered(
            lambda mediation: mediation.complaint_id.state not in ESCALATING_STATES
        )
        if not_escalating:
            raise UserError(
                self.env._(
                    "%s is not open for escalation: a case is referred for mediation once acknowledged "
                    "and before it is closed.",
                    not_escalating[0].complaint_id.display_name,
                )
            )
        for mediation in mediations:
            mediation.complaint_id._qc_post_note(
                _lt(
                    "Referred for mediation: %s.",
                    mediation.body_name or dict(MEDIATION_BODIES)[mediation.body],
                )
            )
        return mediations

    def action_conclude(self):
        mediations = self._qc_step("conclude")
        incomplete = mediations.filtered(lambda mediation: not (mediation.outcome and mediation.end_date))
        if incomplete:
            raise UserError(
                self.env._(
                    "Record the outcome and the end date of the mediation of %s first.",
                    incomplete[0].display_name,
                )
            )
        mediations.write({"state": "concluded", "outcome_recorded_by_id": self.env.uid})
        return True
