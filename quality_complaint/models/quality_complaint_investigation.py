from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..const import FISHBONE_CATEGORIES, INVESTIGATING_STATES, TECHNICAL_MANAGER
from .quality_complaint_evidence_mixin import EVIDENCE_LOCK
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

# Checks and contacts follow their investigation.
CHECKLIST_LOCK = Lock(
    field="investigation_state",
    states=("done",),
    message=_lt("%s belongs to a completed investigation: reopen it to change it."),
)
INVESTIGATION_STEPS = {
    # Completing records what was found; it is no change to the evidence, so the
    # evidence lock of confirmed nonconforming work does not stop it.
    "complete": Step(
        ("in_progress",),
        ("done",),
        TECHNICAL_MANAGER,
        impartial=True,
        sets=frozenset({"end_date", "completed_by_id", "completed_date"}),
        label=_lt("complete an investigation"),
    ),
    "reopen": Step(
        ("done",),
        ("in_progress",),
        TECHNICAL_MANAGER,
        impartial=True,
        sets=frozenset({"completed_by_id", "completed_date"}),
        label=_lt("reopen an investigation"),
    ),
}


class QualityComplaintInvestigation(models.Model):
    """The investigation of a case (V1, V2, V4): who looked at what, and why it happened."""

    _name = "quality.complaint.investigation"
    _description = "Complaint investigation"
    _inherit = ["quality.complaint.evidence.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "start_date desc, id desc"
    _check_company_auto = True
    _qc_steps = INVESTIGATION_STEPS
    _qc_step_owned = frozenset({"name", "completed_by_id", "completed_date"})
    _qc_locks = (
        EVIDENCE_LOCK,
        Lock(states=("done",), message=_lt("%s is completed: reopen it to change it.")),
    )
    _qc_sequence_code = "quality.complaint.investigation"

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    is_result_dispute = fields.Boolean(related="complaint_id.category_id.is_result_dispute")
    state = fields.Selection(
        [("in_progress", "In progress"), ("done", "Completed")],
        default="in_progress",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    lead_id = fields.Many2one(
        "res.users",
        string="Lead investigator",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
    )
    investigator_ids = fields.Many2many(
        "res.users",
        "quality_complaint_investigation_user_rel",
        "investigation_id",
        "user_id",
        string="Assisting investigators",
        domain=[("share", "=", False)],
        help="Quality supervisors and department members who help; they may update this investigation.",
    )
    start_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    end_date = fields.Date(tracking=True)
    scope = fields.Text(help="What is examined: reports, records, equipment, people.")
    findings = fields.Text(tracking=True)
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_complaint_investigation_attachment_rel",
        "investigation_id",
        "attachment_id",
        string="Evidence",
        help="Raw records, calibration certificates, photos, witness statements.",
    )
    contact_ids = fields.One2many(
        "quality.complaint.investigation.contact", "investigation_id", string="Contacts with the complainant"
    )
    template_id = fields.Many2one("quality.complaint.checklist.template", string="Checklist")
    check_ids = fields.One2many("quality.complaint.investigation.check", "investigation_id", string="Checks")
    check_failed_count = fields.Integer(string="Failed checks", compute="_compute_check_counts")
    check_open_count = fields.Integer(string="Unanswered checks", compute="_compute_check_counts")
    why_1 = fields.Text()
    why_2 = fields.Text()
    why_3 = fields.Text()
    why_4 = fields.Text()
    why_5 = fields.Text()
    root_cause = fields.Text(tracking=True)
    root_cause_category = fields.Selection(FISHBONE_CATEGORIES, string="Fishbone category", tracking=True)
    completed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    completed_date = fields.Datetime(readonly=True, copy=False)
    evidence_locked = fields.Boolean(related="complaint_id.evidence_locked")

    # === COMPUTE METHODS === #

    @api.depends("check_ids.result")
    def _compute_check_counts(self):
        for investigation in self:
            results = investigation.check_ids.mapped("result")
            investigation.check_failed_count = results.count("fail")
            investigation.check_open_count = results.count(False)

    # === CONSTRAINT METHODS === #

    @api.constrains("lead_id", "investigator_ids", "complaint_id")
    def _check_impartiality(self):
        for investigation in self:
            investigation.complaint_id._qc_check_impartial(
                investigation.lead_id | investigation.investigator_ids, self.env._("investigate it")
            )

    @api.constrains("start_date", "end_date")
    def _check_dates(self):
        for investigation in self:
            if investigation.end_date and investigation.end_date < investigation.start_date:
                raise ValidationError(
                    self.env._("%s cannot end before it starts.", investigation.display_name)
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        cases = self.env["quality.complaint"].browse(
            [vals["complaint_id"] for vals in vals_list if vals.get("complaint_id")]
        )
        closed = cases.filtered(lambda case: case.state not in INVESTIGATING_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "%s is past its investigation: no new investigation can be opened.", closed[0].name
                )
            )
        Template = self.env["quality.complaint.checklist.template"]
        for vals in vals_list:
            case = self.env["quality.complaint"].browse(vals.get("complaint_id"))
            if "template_id" not in vals and case.category_id:
                vals["template_id"] = Template.search(
                    [("category_ids", "in", case.category_id.ids)], limit=1
                ).id
            if vals.get("template_id") and not vals.get("check_ids"):
                vals["check_ids"] = Template.browse(vals["template_id"])._qc_check_commands()
        investigations = super().create(vals_list)
        investigations._qc_sync_case_investigators()
        acknowledged = investigations.complaint_id.filtered(lambda case: case.state == "acknowledged")
        if acknowledged:
            acknowledged.action_start_investigation()
        return investigations

    def write(self, vals):
        result = super().write(vals)
        if {"lead_id", "investigator_ids"} & set(vals):
            self._qc_sync_case_investigators()
        return result

    # === ACTION METHODS === #

    def action_load_checklist(self):
        """Fill an empty checklist from the chosen template."""
        for investigation in self:
            if investigation.check_ids:
                raise UserError(self.env._("%s already has its checklist.", investigation.name))
            if not investigation.template_id:
                raise UserError(self.env._("Choose a checklist template for %s first.", investigation.name))
            investigation.check_ids = investigation.template_id._qc_check_commands()
        return True

    def action_complete(self):
        investigations = self._qc_step("complete")
        for investigation in investigations:
            if not (investigation.findings or "").strip():
                raise UserError(self.env._("Record the findings of %s first.", investigation.name))
            if investigation.is_result_dispute and not investigation.check_ids:
                raise UserError(
                    self.env._(
                        "%s concerns a result dispute: work through its checklist.", investigation.name
                    )
                )
            if investigation.check_open_count:
                raise UserError(
                    self.env._(
                        "%(ref)s: answer every check (pass, fail or not applicable); %(count)s left.",
                        ref=investigation.name,
                        count=investigation.check_open_count,
                    )
                )
            if investigation.check_failed_count and not (
                (investigation.root_cause or "").strip() and investigation.root_cause_category
            ):
                raise UserError(
                    self.env._(
                        "%s has failed checks: record the root cause and its fishbone category.",
                        investigation.name,
                    )
                )
        today = fields.Date.context_today(self)
        for investigation in investigations:
            investigation.write(
                {
                    "state": "done",
                    "end_date": investigation.end_date or today,
                    "completed_by_id": self.env.uid,
                    "completed_date": fields.Datetime.now(),
                }
            )
        return True

    def action_reopen(self):
        investigations = self._qc_step("reopen")
        wrong = investigations.filtered(
            lambda investigation: investigation.complaint_id.state not in INVESTIGATING_STATES
        )
        if wrong:
            raise UserError(
                self.env._("%s can only be reopened while its case is being investigated.", wrong[0].name)
            )
        investigations.write({"state": "in_progress", "completed_by_id": False, "completed_date": False})
        return True

    # === BUSINESS METHODS === #

    def _qc_sync_case_investigators(self):
        """Investigators see the case: the case's department rule reads its investigators."""
        for case in self.complaint_id:
            people = (
                case.investigation_ids.lead_id | case.investigation_ids.investigator_ids
            ) - case.investigator_ids
            if people:
                case.sudo().investigator_ids = [fields.Command.link(user.id) for user in people]

    def _qc_check_checklist_editable(self):
        """No check or contact is added to an investigation completed or locked
        (those already there are frozen by their own locks)."""
        frozen = self.filtered(
            lambda investigation: investigation.state == "done" or investigation.evidence_locked
        )
        if frozen:
            raise UserError(
                self.env._(
                    "%s is completed or locked: its checklist and contacts can no longer change.",
                    frozen[0].name,
                )
            )
