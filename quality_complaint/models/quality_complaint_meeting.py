from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import LazyTranslate

from ..const import QUALITY_SUPERVISOR
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

MEETING_STEPS = {
    "hold": Step(
        ("draft",),
        ("held",),
        QUALITY_SUPERVISOR,
        sets=frozenset({"held_by_id"}),
        advances=True,
        label=_lt("approve the minutes of an analysis meeting"),
    ),
    "create_capa": Step(
        ("held",),
        groups=QUALITY_SUPERVISOR,
        label=_lt("open a corrective action from an analysis meeting"),
    ),
}


class QualityComplaintMeeting(models.Model):
    """Minutes of a complaint analysis meeting (投诉与抱怨分析研讨会): the cases
    of a period reviewed together, who attended, what was concluded, and the
    corrective action the conclusions call for."""

    _name = "quality.complaint.meeting"
    _description = "Complaint analysis meeting"
    _inherit = ["quality.workflow.mixin", "mail.thread"]
    _order = "meeting_date desc, id desc"
    _check_company_auto = True
    _qc_steps = MEETING_STEPS
    _qc_step_owned = frozenset({"held_by_id"})
    _qc_locks = (
        Lock(
            states=("held",),
            message=_lt("The minutes of %s are approved: they can no longer be changed."),
        ),
    )

    name = fields.Char(string="Subject", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    meeting_date = fields.Datetime(
        string="Held on", required=True, default=fields.Datetime.now, tracking=True
    )
    state = fields.Selection(
        [("draft", "Draft minutes"), ("held", "Minutes approved")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_from = fields.Date(string="Cases received from", required=True)
    date_to = fields.Date(string="Cases received until", required=True)
    category_ids = fields.Many2many("quality.complaint.category", string="Categories")
    department_ids = fields.Many2many(
        "quality.complaint.department", string="Departments", check_company=True
    )
    complaint_ids = fields.Many2many(
        "quality.complaint",
        "quality_complaint_meeting_case_rel",
        "meeting_id",
        "complaint_id",
        string="Cases reviewed",
        check_company=True,
    )
    complaint_count = fields.Integer(string="Number of cases", compute="_compute_complaint_count")
    chair_id = fields.Many2one(
        "res.users", string="Chaired by", default=lambda self: self.env.user, domain=[("share", "=", False)]
    )
    attendee_ids = fields.Many2many(
        "res.users",
        "quality_complaint_meeting_attendee_rel",
        "meeting_id",
        "user_id",
        string="Attendees",
        domain=[("share", "=", False)],
    )
    guest_attendees = fields.Char(
        string="Other attendees", help="Attendees without a user: clinicians, guests."
    )
    discussion = fields.Text()
    conclusions = fields.Text(tracking=True)
    held_by_id = fields.Many2one("res.users", string="Minutes approved by", readonly=True, copy=False)
    capa_ids = fields.One2many("quality.corrective.action", "meeting_id", string="Corrective actions")

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        for meeting in self:
            meeting.complaint_count = len(meeting.complaint_ids)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for meeting in self:
            if meeting.date_from > meeting.date_to:
                raise ValidationError(self.env._("%s: the period ends before it starts.", meeting.name))

    def _qc_review_domain(self):
        self.ensure_one()
        domain = (
            Domain("company_id", "=", self.company_id.id)
            & Domain("received_date", ">=", fields.Datetime.to_datetime(self.date_from))
            & Domain("received_date", "<", fields.Datetime.to_datetime(fields.Date.add(self.date_to, days=1)))
        )
        if self.category_ids:
            domain &= Domain("category_id", "in", self.category_ids.ids)
        if self.department_ids:
            domain &= Domain("department_id", "in", self.department_ids.ids)
        return domain

    def action_load_cases(self):
        """Put the cases of the period, categories and departments on the minutes."""
        for meeting in self:
            if meeting.state != "draft":
                raise UserError(
                    self.env._("The minutes of %s are approved: the cases reviewed are kept.", meeting.name)
                )
            meeting.complaint_ids = self.env["quality.complaint"].search(meeting._qc_review_domain())
        return True

    def action_hold(self):
        meetings = self._qc_step("hold")
        for meeting in meetings:
            missing = [
                label
                for label, value in (
                    (self.env._("the cases reviewed"), meeting.complaint_ids),
                    (
                        self.env._("the attendees"),
                        meeting.attendee_ids or (meeting.guest_attendees or "").strip(),
                    ),
                    (self.env._("the conclusions"), (meeting.conclusions or "").strip()),
                )
                if not value
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Record %(missing)s before approving the minutes of %(meeting)s.",
                        missing=missing[0],
                        meeting=meeting.name,
                    )
                )
        meetings.write({"state": "held", "held_by_id": self.env.uid})
        return True

    def action_create_capa(self):
        """One corrective action from the meeting's conclusions, linked to the
        minutes and to the cases reviewed; opens it."""
        self.ensure_one()
        meeting = self._qc_step("create_capa")
        capa = self.env["quality.corrective.action"].create(
            {
                "title": meeting.name,
                "source": "analysis_meeting",
                "meeting_id": meeting.id,
                "company_id": meeting.company_id.id,
                "source_record": f"{meeting._name},{meeting.id}",
                "problem_what": meeting.conclusions,
                "problem_where": ", ".join(meeting.complaint_ids.mapped("name")),
                "team_ids": [fields.Command.set((meeting.attendee_ids | meeting.chair_id).ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": capa._name,
            "res_id": capa.id,
            "view_mode": "form",
        }
