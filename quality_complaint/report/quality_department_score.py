from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..const import QUALITY_MANAGER, QUALITY_SUPERVISOR
from ..models.quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

FULL_SCORE = 100.0
# Points a department loses per valid case, per urging notice and per late
# corrective action of the month (考核标准), before the managers' adjustment.
DEDUCTIONS = {"valid_count": 2.0, "urging_count": 1.0, "late_capa_count": 1.0}
COUNT_FIELDS = frozenset(DEDUCTIONS)
SCORE_STEPS = {
    "count": Step(("draft",), groups=QUALITY_SUPERVISOR, label=_lt("count a month's department scores")),
    "finalize": Step(
        ("draft",),
        ("final",),
        QUALITY_MANAGER,
        sets=frozenset({"finalized_by_id"}),
        advances=True,
        label=_lt("finalize a month's department scores"),
    ),
}


class QualityDepartmentScore(models.Model):
    """The monthly quality assessment of the departments (每月的质量考核中根据
    考核标准对科室扣分): points deducted from the month's cases and CAPA,
    adjusted by the managers with a reason, then finalized and printed."""

    _name = "quality.department.score"
    _description = "Monthly department scoring"
    _inherit = ["quality.workflow.mixin", "mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True
    _qc_steps = SCORE_STEPS
    _qc_step_owned = frozenset({"finalized_by_id"})
    _qc_locks = (Lock(states=("final",), message=_lt("The scores of %s are final: print them as they are.")),)

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=1),
        help="Any day of the month assessed.",
    )
    state = fields.Selection(
        [("draft", "Being adjusted"), ("final", "Final")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    line_ids = fields.One2many("quality.department.score.line", "score_id", string="Departments")
    finalized_by_id = fields.Many2one("res.users", string="Finalized by", readonly=True, copy=False)

    _month_unique = models.UniqueIndex("(company_id, month)", "A month is scored once.")

    @api.depends("month")
    def _compute_name(self):
        for score in self:
            score.name = score.month and score.month.strftime("%Y-%m")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    def _qc_period(self):
        start = fields.Datetime.to_datetime(self.month)
        return start, start + relativedelta(months=1)

    def action_count(self):
        """Count the month's figures of every department again, one grouped
        query per figure; the managers' adjustments are kept."""
        for score in self._qc_step("count"):
            start, end = score._qc_period()
            company = [("company_id", "=", score.company_id.id)]
            Complaint = self.env["quality.complaint"].sudo()
            counts = {
                "valid_count": Complaint._read_group(
                    [
                        *company,
                        ("validity", "=", "valid"),
                        ("received_date", ">=", start),
                        ("received_date", "<", end),
                    ],
                    ["department_id"],
                    ["__count"],
                ),
                "urging_count": self.env["quality.complaint.urging"]
                .sudo()
                ._read_group(
                    [*company, ("create_date", ">=", start), ("create_date", "<", end)],
                    ["complaint_id.department_id"],
                    ["__count"],
                ),
                "late_capa_count": self.env["quality.corrective.action"]
                .sudo()
                ._read_group([*company, ("is_late", "=", True)], ["department_id"], ["__count"]),
            }
            figures = {}
            for field_name, groups in counts.items():
                for department, count in groups:
                    if department:
                        figures.setdefault(department, dict.fromkeys(COUNT_FIELDS, 0))[field_name] = count
            departments = self.env["quality.complaint.department"].search(company)
            Line = self.env["quality.department.score.line"]._qc_step("count")
            existing = {line.department_id: line for line in score.line_ids}
            for department in departments:
                values = figures.get(department, dict.fromkeys(COUNT_FIELDS, 0))
                if department in existing:
                    existing[department].with_env(Line.env).write(values)
                else:
                    Line.create(dict(values, score_id=score.id, department_id=department.id))
        return True

    def action_finalize(self):
        scores = self._qc_step("finalize")
        unexplained = scores.line_ids.filtered(
            lambda line: line.adjustment and not (line.adjustment_reason or "").strip()
        )
        if unexplained:
            raise UserError(
                self.env._(
                    "Say why the score of %s is adjusted before finalizing.",
                    unexplained[0].department_id.name,
                )
            )
        scores.write({"state": "final", "finalized_by_id": self.env.uid})
        return True

    def action_print(self):
        return self.env.ref("quality_complaint.action_report_department_score").report_action(self)


class QualityDepartmentScoreLine(models.Model):
    _name = "quality.department.score.line"
    _description = "Department score of a month"
    _inherit = ["quality.workflow.mixin"]
    _order = "score_id, department_id"
    _qc_steps = {"count": Step(sets=COUNT_FIELDS, label=_lt("count a month's department scores"))}
    _qc_step_owned = COUNT_FIELDS

    score_id = fields.Many2one(
        "quality.department.score",
        string="Monthly department scoring",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="score_id.company_id", store=True)
    department_id = fields.Many2one("quality.complaint.department", required=True, ondelete="restrict")
    valid_count = fields.Integer(string="Valid cases", readonly=True, copy=False)
    urging_count = fields.Integer(string="Urging notices", readonly=True, copy=False)
    late_capa_count = fields.Integer(string="Late corrective actions", readonly=True, copy=False)
    computed_deduction = fields.Float(
        string="Deduction by the criteria", compute="_compute_score", store=True
    )
    adjustment = fields.Float(help="Points the managers add back (positive) or deduct further (negative).")
    adjustment_reason = fields.Char(string="Why adjusted")
    score = fields.Float(compute="_compute_score", store=True)

    _department_unique = models.UniqueIndex(
        "(score_id, department_id)", "A department is scored once a month."
    )

    @api.depends(*COUNT_FIELDS, "adjustment")
    def _compute_score(self):
        for line in self:
            line.computed_deduction = sum(line[name] * points for name, points in DEDUCTIONS.items())
            line.score = min(max(FULL_SCORE - line.computed_deduction + line.adjustment, 0.0), FULL_SCORE)

    @api.constrains("adjustment")
    def _check_adjustment(self):
        for line in self:
            if abs(line.adjustment) > FULL_SCORE:
                raise ValidationError(self.env._("An adjustment stays within %s points.", FULL_SCORE))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._qc_check_draft()
        return lines

    def write(self, vals):
        self._qc_check_draft()
        return super().write(vals)

    def _qc_check_draft(self):
        final = self.score_id.filtered(lambda score: score.state == "final")
        if final:
            raise UserError(self.env._("The scores of %s are final: print them as they are.", final[0].name))
