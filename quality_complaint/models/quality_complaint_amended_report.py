from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..const import TECHNICAL_MANAGER
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

AMENDED_REPORT_STEPS = {
    "issue": Step(
        ("draft",),
        ("issued",),
        TECHNICAL_MANAGER,
        sets=frozenset({"issued_by_id", "issue_date"}),
        advances=True,
        label=_lt("issue the statement on an amended report"),
    ),
}


class QualityComplaintAmendedReport(models.Model):
    """The statement that goes with an amended report (发出更改检测报告的声明文件):
    it identifies the report it replaces, what was changed and why, as
    ISO/IEC 17025 7.8.8 asks of any change to an issued report."""

    _name = "quality.complaint.amended.report"
    _description = "Statement on an amended report"
    _inherit = ["quality.workflow.mixin", "mail.thread"]
    _order = "id desc"
    _check_company_auto = True
    _rec_name = "amended_report_ref"
    _qc_steps = AMENDED_REPORT_STEPS
    _qc_step_owned = frozenset({"issued_by_id", "issue_date"})
    _qc_locks = (
        Lock(
            states=("issued",),
            message=_lt("The statement on %s is issued: it can no longer be changed."),
        ),
    )

    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    lang = fields.Selection(related="complaint_id.lang")
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    original_report_ref = fields.Char(
        string="Report replaced",
        required=True,
        compute="_compute_original_report_ref",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    original_report_date = fields.Date(string="Replaced report issued on")
    amended_report_ref = fields.Char(string="Amended report", required=True, tracking=True)
    changes = fields.Text(string="What was changed", required=True)
    reason = fields.Text(string="Why it was changed", required=True)
    original_disposition = fields.Selection(
        [
            ("withdrawn", "Withdrawn: the replaced report is no longer valid"),
            ("supplement", "Supplement: the replaced report stays valid with this amendment"),
        ],
        string="The replaced report",
        required=True,
        default="withdrawn",
    )
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    issue_date = fields.Date(string="Issued on", readonly=True, copy=False)

    _amended_unique = models.UniqueIndex(
        "(company_id, amended_report_ref)", "Each amended report has one statement."
    )

    @api.depends("complaint_id")
    def _compute_original_report_ref(self):
        for statement in self:
            statement.original_report_ref = statement.original_report_ref or statement.complaint_id.report_ref

    @api.constrains("original_report_ref", "amended_report_ref")
    def _check_own_number(self):
        for statement in self:
            if (statement.original_report_ref or "").strip() == (statement.amended_report_ref or "").strip():
                raise ValidationError(
                    self.env._("The amended report needs its own number, not that of the report it replaces.")
                )

    def action_issue(self):
        statements = self._qc_step("issue")
        if statements.complaint_id.filtered(lambda case: case.state in ("new", "cancelled")):
            raise UserError(self.env._("A statement on an amended report is issued on an acknowledged case."))
        statements.write(
            {"state": "issued", "issued_by_id": self.env.uid, "issue_date": fields.Date.context_today(self)}
        )
        for statement in statements:
            statement.complaint_id._qc_post_note(
                _lt(
                    "Statement issued: report %(original)s is replaced by %(amended)s.",
                    original=statement.original_report_ref,
                    amended=statement.amended_report_ref,
                )
            )
        return True

    def action_print(self):
        return self.env.ref("quality_complaint.action_report_amended_statement").report_action(self)
