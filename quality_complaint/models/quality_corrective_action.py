from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..const import FISHBONE_CATEGORIES, QUALITY_SUPERVISOR
from ..cron_batches import in_committed_batches
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

CAPA_TYPES = [
    ("corrective", "Corrective action"),
    ("preventive", "Preventive action"),
    ("correction", "Correction"),
]
CAPA_SOURCES = [
    ("complaint", "Complaint"),
    ("survey", "Satisfaction survey"),
    ("audit", "Internal audit"),
    ("nonconforming", "Nonconforming work"),
    ("management_review", "Management review"),
    ("inquiry", "Customer inquiry"),
]
CAPA_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("implemented", "Implemented"),
    ("verified", "Verified effective"),
    ("closed", "Closed"),
]
# Records a CAPA may point to; those of modules not installed are left out.
SOURCE_MODELS = [
    ("quality.complaint", "Case"),
    ("quality.nonconforming.work", "Nonconforming work"),
    ("quality.satisfaction.survey", "Satisfaction survey"),
    ("quality.satisfaction.response", "Survey answer"),
    ("quality.complaint.inquiry", "Customer inquiry"),
]
# Effectiveness is checked by the quality manager or an internal auditor (C2).
EFFECTIVENESS_GROUPS = ("quality_complaint.group_quality_manager", "quality_complaint.group_internal_auditor")
EFFECTIVENESS_FIELDS = frozenset(
    {
        "effectiveness_result",
        "effectiveness_checked_by_id",
        "effectiveness_check_date",
        "effectiveness_note",
        "ineffective_count",
        "implemented_date",
    }
)
CAPA_STEPS = {
    "open": Step(
        ("draft",),
        ("open",),
        QUALITY_SUPERVISOR,
        sets=frozenset({"opened_date"}),
        label=_lt("open a corrective action"),
    ),
    "mark_implemented": Step(
        ("open",),
        ("implemented",),
        QUALITY_SUPERVISOR,
        sets=frozenset({"implemented_date"}),
        label=_lt("mark a corrective action implemented"),
    ),
    "record_effectiveness": Step(
        ("implemented",),
        ("verified", "open"),
        EFFECTIVENESS_GROUPS,
        impartial=True,
        sets=EFFECTIVENESS_FIELDS,
        label=_lt("check the effectiveness of a corrective action"),
    ),
    "close": Step(
        ("verified",),
        ("closed",),
        ("quality_complaint.group_quality_manager",),
        sets=frozenset({"closed_date"}),
        label=_lt("close a corrective action"),
    ),
}


class QualityCorrectiveAction(models.Model):
    """Corrective or preventive action (纠正与预防措施, C1-C4), laid out as an 8D report."""

    _name = "quality.corrective.action"
    _description = "Corrective / preventive action"
    _inherit = [
        "quality.workflow.mixin",
        "quality.grouped.view.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _qc_steps = CAPA_STEPS
    _qc_step_owned = EFFECTIVENESS_FIELDS | {
        "name",
        "opened_date",
        "closed_date",
        # Computed from the action lines.
        "date_deadline",
        "line_count",
        "line_open_count",
        "line_responsible_ids",
        "is_late",
    }
    _qc_locks = (Lock(states=("closed",), message=_lt("%s is closed: its record can no longer be changed.")),)
    _qc_sequence_code = "quality.corrective.action"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    title = fields.Char(string="Problem", required=True, tracking=True)
    capa_type = fields.Selection(
        CAPA_TYPES, string="Type", required=True, default="corrective", tracking=True
    )
    source = fields.Selection(CAPA_SOURCES, required=True, default="complaint", tracking=True)
    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", index="btree_not_null", ondelete="restrict", check_company=True
    )
    nonconforming_id = fields.Many2one(
        "quality.nonconforming.work",
        string="Nonconforming work",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    investigation_id = fields.Many2one(
        "quality.complaint.investigation",
        string="Investigation (5-Why)",
        check_company=True,
        index="btree_not_null",
        domain="[('complaint_id', '=', complaint_id)]",
    )
    source_record = fields.Reference(
        selection="_selection_source_record",
        string="Source record",
        help="Survey or other record behind the action.",
    )
    cluster_ids = fields.One2many(
        "quality.complaint.cluster",
        "capa_id",
        string="Recurrence clusters",
        readonly=True,
        groups="quality_complaint.group_quality_supervisor,quality_complaint.group_internal_auditor,"
        "quality_complaint.group_records_admin",
    )
    source_document = fields.Char(help="Audit report, management review minutes or other paper source.")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
        index=True,
    )
    department_id = fields.Many2one(
        "quality.complaint.department", string="Responsible department", check_company=True, tracking=True
    )
    state = fields.Selection(
        CAPA_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    date_deadline = fields.Date(string="Due date", compute="_compute_line_stats", store=True)
    # D0 - plan and emergency response
    emergency_response = fields.Text(string="D0 Emergency response")
    # D1 - team
    team_ids = fields.Many2many(
        "res.users",
        "quality_corrective_action_team_rel",
        "capa_id",
        "user_id",
        string="D1 Team",
        domain=[("share", "=", False)],
    )
    # D2 - problem described with 5W2H
    problem_what = fields.Text(string="What")
    problem_where = fields.Text(string="Where")
    problem_when = fields.Text(string="When")
    problem_who = fields.Text(string="Who")
    problem_why = fields.Text(string="Why it matters")
    problem_how = fields.Text(string="How")
    problem_how_much = fields.Text(string="How much / how many")
    # D3 - containment
    containment = fields.Text(string="D3 Containment")
    # D4 - root cause
    root_cause = fields.Text(string="D4 Root cause", tracking=True)
    root_cause_category = fields.Selection(FISHBONE_CATEGORIES, string="Fishbone category")
    # D5/D6 - actions, implementation and validation
    line_ids = fields.One2many("quality.corrective.action.line", "capa_id", string="Actions")
    line_count = fields.Integer(
        string="Number of actions", compute="_compute_line_stats", store=True, aggregator="sum"
    )
    line_open_count = fields.Integer(
        string="Open actions", compute="_compute_line_stats", store=True, aggregator="sum"
    )
    line_responsible_ids = fields.Many2many(
        "res.users",
        "quality_corrective_action_responsible_rel",
        "capa_id",
        "user_id",
        string="Responsible people",
        compute="_compute_line_responsible_ids",
        store=True,
        help="Read by the department record rule, which must not walk through the action lines: "
        "doing so would load every line, including those the member may not see.",
    )
    implementation_note = fields.Text(string="D6 Implementation and validation")
    # D7 - prevent recurrence
    prevention = fields.Text(string="D7 Prevent recurrence", help="Procedures, forms and training changed.")
    # D8 - closure
    closure_note = fields.Text(string="D8 Closure and team recognition")
    # Effectiveness check (C2)
    effectiveness_result = fields.Selection(
        [("effective", "Effective"), ("ineffective", "Ineffective")], readonly=True, copy=False, tracking=True
    )
    effectiveness_checked_by_id = fields.Many2one(
        "res.users", string="Checked by", readonly=True, copy=False, tracking=True
    )
    effectiveness_check_date = fields.Date(string="Checked on", readonly=True, copy=False, tracking=True)
    effectiveness_note = fields.Text(
        string="Effectiveness evidence", readonly=True, copy=False, tracking=True
    )
    ineffective_count = fields.Integer(
        string="Times found ineffective", readonly=True, copy=False, aggregator="sum"
    )
    management_review_input = fields.Boolean(
        compute="_compute_management_review_input",
        store=True,
        readonly=False,
        tracking=True,
        help="Brought to the next management review; actions from major cases always are.",
    )
    opened_date = fields.Date(readonly=True, copy=False)
    implemented_date = fields.Date(readonly=True, copy=False)
    closed_date = fields.Date(readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_line_stats",
        store=True,
        help="An action passed its due date unfinished.",
    )

    # === COMPUTE METHODS === #

    @api.model
    def _selection_source_record(self):
        return [(model, label) for model, label in SOURCE_MODELS if model in self.env]

    @api.depends("complaint_id", "nonconforming_id")
    def _compute_company_id(self):
        for capa in self:
            capa.company_id = (
                capa.complaint_id.company_id
                or capa.nonconforming_id.company_id
                or capa.company_id
                or self.env.company
            )

    @api.depends("line_ids.due_date", "line_ids.done_date", "line_ids.is_overdue")
    def _compute_line_stats(self):
        for capa in self:
            due_dates = capa.line_ids.filtered("due_date").mapped("due_date")
            capa.date_deadline = max(due_dates) if due_dates else False
            capa.line_count = len(capa.line_ids)
            capa.line_open_count = len(capa.line_ids.filtered(lambda line: not line.done_date))
            capa.is_late = any(capa.line_ids.mapped("is_overdue"))

    @api.depends("line_ids.responsible_id")
    def _compute_line_responsible_ids(self):
        for capa in self:
            capa.line_responsible_ids = capa.line_ids.responsible_id

    @api.depends("complaint_id.severity", "source")
    def _compute_management_review_input(self):
        for capa in self:
            capa.management_review_input = capa.management_review_input or (
                capa.complaint_id.severity in ("major", "critical") or capa.source == "management_review"
            )

    # === CONSTRAINT METHODS === #

    @api.constrains("source", "complaint_id", "nonconforming_id", "source_record", "source_document")
    def _check_source_link(self):
        for capa in self:
            if capa.source == "complaint" and not capa.complaint_id:
                raise ValidationError(
                    self.env._("%s comes from a complaint: link its case.", capa.display_name)
                )
            if capa.source == "nonconforming" and not capa.nonconforming_id:
                raise ValidationError(
                    self.env._("%s comes from nonconforming work: link that record.", capa.display_name)
                )
            if capa.source in ("survey", "audit", "management_review") and not (
                capa.source_record or capa.source_document
            ):
                raise ValidationError(
                    self.env._("Say which survey, audit or review %s comes from.", capa.display_name)
                )

    # === CRUD METHODS === #

    def _expand_states(self, states, domain):
        return [key for key, _label in CAPA_STATES]

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Corrective actions are never deleted (ISO/IEC 17025 8.7)."))

    # === ACTION METHODS === #

    def action_open(self):
        capas = self._qc_step("open")
        for capa in capas:
            if not capa.line_ids:
                raise UserError(self.env._("Plan at least one action (who, by when) in %s first.", capa.name))
        capas.write({"state": "open", "opened_date": fields.Date.context_today(self)})
        return True

    def action_mark_implemented(self):
        capas = self._qc_step("mark_implemented")
        for capa in capas:
            if capa.line_open_count:
                raise UserError(
                    self.env._(
                        "%(ref)s still has %(count)s unfinished actions.",
                        ref=capa.name,
                        count=capa.line_open_count,
                    )
                )
        capas.write({"state": "implemented", "implemented_date": fields.Date.context_today(self)})
        return True

    def action_close(self):
        self._qc_step("close").write({"state": "closed", "closed_date": fields.Date.context_today(self)})
        return True

    def action_open_effectiveness_wizard(self):
        # Made here and opened saved, as Odoo's own password check does: the
        # dialog then hands a signature's password to its button's context.
        result = self.env.context.get("effectiveness_result")
        dialog = self.env["quality.corrective.action.effectiveness"].create(
            {
                "capa_ids": [Command.set(self.ids)],
                "result": result if result in ("effective", "ineffective") else False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Effectiveness check"),
            "res_model": dialog._name,
            "res_id": dialog.id,
            "views": [(False, "form")],
            "target": "new",
        }

    # === BUSINESS METHODS === #

    def record_effectiveness(self, result, note):
        """Record the effectiveness check (C2): effective → verified, ineffective → back to open."""
        capas = self._qc_step("record_effectiveness")
        if result not in ("effective", "ineffective"):
            raise UserError(self.env._("An effectiveness check is either effective or ineffective."))
        if not (note or "").strip():
            raise UserError(self.env._("Record the evidence of the effectiveness check."))
        values = {
            "effectiveness_result": result,
            "effectiveness_checked_by_id": self.env.uid,
            "effectiveness_check_date": fields.Date.context_today(self),
            "effectiveness_note": note,
        }
        # Internal auditors read corrective actions and write only this check.
        if result == "effective":
            capas.sudo().write(dict(values, state="verified"))
        else:
            for capa in capas.sudo():
                capa.write(
                    dict(
                        values,
                        state="open",
                        implemented_date=False,
                        ineffective_count=capa.ineffective_count + 1,
                    )
                )
        return True

    # === CRON METHODS === #

    @api.model
    def _cron_remind_due_actions(self, batch_size=200):
        """Scheduled action: remind the people whose actions fall due, in committed batches."""
        today = fields.Date.context_today(self)
        Line = self.env["quality.corrective.action.line"]
        lines = Line.search(Line._qc_reminder_domain(today), order="id")
        in_committed_batches(lines, batch_size, lambda batch: batch._qc_send_due_reminders(today))
