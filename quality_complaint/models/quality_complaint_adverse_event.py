from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from ..const import QUALITY_SUPERVISOR
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

CONSEQUENCES = [("serious_injury", "Serious injury"), ("death", "Death")]
DEADLINE_SETTING = {"serious_injury": "adverse_event_injury_days", "death": "adverse_event_death_days"}
ASSESSMENT_FIELDS = frozenset({"consequence", "aware_date", "outcome", "assessment_note"})
ADVERSE_EVENT_STEPS = {
    "conclude": Step(
        ("open",),
        ("assessed",),
        QUALITY_SUPERVISOR,
        impartial=True,
        sets=frozenset({"assessor_id", "assessment_date"}),
        label=_lt("conclude an adverse-event assessment"),
    ),
    "mark_reported": Step(
        ("assessed",),
        ("reported",),
        QUALITY_SUPERVISOR,
        sets=frozenset({"reported_date", "reported_by_id"}),
        label=_lt("record the report to the regulator"),
    ),
    "flag_overdue": Step(sets=frozenset({"is_overdue"}), label=_lt("flag an overdue adverse-event report")),
}


class QualityComplaintAdverseEvent(models.Model):
    """The adverse-event assessment (不良事件评估) of a case reporting a serious
    injury or death: who assessed it, when, and whether it is reported to the
    regulator by its deadline (ISO 13485 8.2.3). Its outcome is the case's
    reportability decision."""

    _name = "quality.complaint.adverse.event"
    _description = "Adverse-event assessment"
    _inherit = [
        "quality.workflow.mixin",
        "quality.complaint.device.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "aware_date desc, id desc"
    _qc_steps = ADVERSE_EVENT_STEPS
    _qc_step_owned = frozenset(
        {
            "name",
            "assessor_id",
            "assessment_date",
            "reported_date",
            "reported_by_id",
            "is_overdue",
            "report_deadline",
        }
    )
    _qc_locks = (
        Lock(
            states=("assessed",),
            frozen=ASSESSMENT_FIELDS,
            message=_lt("%s is concluded: its assessment can no longer be changed."),
        ),
        Lock(
            states=("reported",),
            message=_lt("%s is reported: its record can no longer be changed."),
        ),
    )
    _qc_sequence_code = "quality.complaint.adverse.event"

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        [("open", "To assess"), ("assessed", "Assessed"), ("reported", "Reported")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    consequence = fields.Selection(CONSEQUENCES, required=True, default="serious_injury", tracking=True)
    aware_date = fields.Date(
        string="Known since",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="When the company learned of the event: the reporting period runs from this day.",
    )
    started_by_id = fields.Many2one("res.users", string="Started by", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain=[("share", "=", False)],
        tracking=True,
        help="Chased by the overdue job when the reporting deadline passes.",
    )
    outcome = fields.Selection(
        [("reportable", "Reportable to the regulator"), ("not_reportable", "Not reportable")], tracking=True
    )
    assessment_note = fields.Text(string="Assessment", help="Why the event is reportable or not.")
    assessor_id = fields.Many2one("res.users", string="Assessed by", readonly=True, copy=False)
    assessment_date = fields.Date(string="Assessed on", readonly=True, copy=False)
    report_deadline = fields.Date(
        string="Report by",
        compute="_compute_report_deadline",
        store=True,
        index=True,
        help="The regulator's reporting period from the day the company learned of the event (settings).",
    )
    regulator_ref = fields.Char(string="Regulator's reference", tracking=True)
    reported_date = fields.Date(string="Reported on", readonly=True, copy=False, tracking=True)
    reported_by_id = fields.Many2one("res.users", string="Reported by", readonly=True, copy=False)
    is_overdue = fields.Boolean(string="Chased as overdue", readonly=True, copy=False)

    # === COMPUTE METHODS === #

    @api.depends("aware_date", "consequence", "company_id")
    def _compute_report_deadline(self):
        Complaint = self.env["quality.complaint"]
        for event in self:
            days = Complaint._qc_param(DEADLINE_SETTING[event.consequence], event.company_id)
            event.report_deadline = event.aware_date and event.aware_date + timedelta(days=days)

    # === ACTION METHODS === #

    def action_conclude(self):
        """Conclude the assessment with the outcome written on it; the case's
        reportability decision and reporting deadline follow."""
        events = self._qc_step("conclude")
        undecided = events.filtered(
            lambda event: not event.outcome or not (event.assessment_note or "").strip()
        )
        if undecided:
            raise UserError(
                self.env._("Record the outcome of %s and why before concluding it.", undecided[0].name)
            )
        events.write(
            {
                "state": "assessed",
                "assessor_id": self.env.uid,
                "assessment_date": fields.Date.context_today(self),
            }
        )
        for event in events:
            reportable = event.outcome == "reportable"
            event.complaint_id.sudo().write(
                {
                    "regulatory_reportable": "yes" if reportable else "no",
                    "regulatory_deadline": event.report_deadline if reportable else False,
                    "regulatory_report_by_id": event.user_id.id if reportable else False,
                }
            )
        return True

    def action_mark_reported(self, reported_date=None):
        """Record that the reportable event was reported to the regulator."""
        events = self._qc_step("mark_reported")
        if events.filtered(lambda event: event.outcome != "reportable"):
            raise UserError(self.env._("Only an event assessed as reportable is reported to the regulator."))
        if events.filtered(lambda event: not event.regulator_ref):
            raise UserError(self.env._("Record the regulator's reference of the report first."))
        day = fields.Date.to_date(reported_date) or fields.Date.context_today(self)
        if day > fields.Date.context_today(self):
            raise UserError(self.env._("A report cannot be dated in the future."))
        events.write({"state": "reported", "reported_date": day, "reported_by_id": self.env.uid})
        events.complaint_id.sudo().write(
            {"regulatory_report_date": day, "regulatory_report_by_id": self.env.uid}
        )
        return True

    # === CRON METHODS === #

    @api.model
    def _qc_chase_overdue_reports(self):
        """Flag the assessments whose report is past due and give their
        responsible a to-do; each is chased once, in a constant number of queries."""
        today = fields.Date.context_today(self)
        events = self.sudo().search(
            [
                ("state", "in", ("open", "assessed")),
                ("outcome", "!=", "not_reportable"),
                ("report_deadline", "<", today),
                ("is_overdue", "=", False),
            ]
        )
        if not events:
            return events
        fallback = self.env.ref("base.user_admin")
        events._qc_chase_overdue(
            self.env.ref("mail.mail_activity_data_todo"),
            lambda event: event.user_id or event.complaint_id.user_id or fallback,
            lambda event: event.env._(
                "Adverse-event report %(event)s overdue: report it to the regulator", event=event.name
            ),
        )
        return events
