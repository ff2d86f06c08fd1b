from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

DISPOSITIONS = [
    ("on_site_correction", "On-site correction"),
    ("apology", "Apology"),
    ("re_service", "Re-service or re-test"),
    ("report_recall", "Report recall"),
    ("compensation", "Compensation"),
    ("legal_route", "Legal route"),
]
CLASSIFICATIONS = [("general", "General"), ("moderate", "Moderate"), ("serious", "Serious")]
# The dispositions each level allows: a general nonconformity is put right by
# the department (on the spot, by an apology, a new service or a recalled
# report); a serious one is never settled on the spot or by an apology alone.
LEVEL_DISPOSITIONS = {
    "general": ("on_site_correction", "apology", "re_service", "report_recall"),
    "moderate": ("on_site_correction", "apology", "re_service", "report_recall", "compensation"),
    "serious": ("re_service", "report_recall", "compensation", "legal_route"),
}
# The levels used with each setting of `nonconformity_levels`.
LEVELS = {"2": ("general", "serious"), "3": ("general", "moderate", "serious")}


class QualityNonconformingWork(models.Model):
    """Nonconforming work (不符合工作, V7) found by an investigation or a re-test.

    Confirming it freezes the evidence of its case: investigations,
    checklists, contacts and re-tests can no longer be altered.
    """

    _name = "quality.nonconforming.work"
    _description = "Nonconforming work"
    _inherit = ["quality.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _qc_steps = {
        "confirm": Step(
            ("draft",),
            ("confirmed",),
            ("quality_complaint.group_technical_manager",),
            impartial=True,
            sets=frozenset({"confirmed_by_id", "confirmed_date"}),
            label=_lt("confirm nonconforming work"),
        ),
    }
    _qc_step_owned = frozenset({"name", "confirmed_by_id", "confirmed_date"})
    _qc_locks = (
        Lock(states=("confirmed",), message=_lt("%s is confirmed: its record can no longer be changed.")),
    )
    _qc_sequence_code = "quality.nonconforming.work"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", index="btree_not_null", ondelete="restrict", check_company=True
    )
    investigation_id = fields.Many2one(
        "quality.complaint.investigation", check_company=True, index="btree_not_null", ondelete="restrict"
    )
    retest_id = fields.Many2one(
        "quality.complaint.retest",
        string="Re-test",
        check_company=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    description = fields.Text(required=True, tracking=True)
    classification = fields.Selection(
        CLASSIFICATIONS,
        required=True,
        default="general",
        tracking=True,
        help="General, serious, and moderate between them where the lab's settings use three levels.",
    )
    disposition = fields.Selection(DISPOSITIONS, tracking=True)
    disposition_note = fields.Text(help="How the disposition was carried out.")
    department_id = fields.Many2one(
        "quality.complaint.department", string="Responsible department", tracking=True, check_company=True
    )
    accountability = fields.Text(
        string="Staff accountability", help="Who was at fault and what follows, under the lab's rules."
    )
    capa_ids = fields.One2many("quality.corrective.action", "nonconforming_id", string="Corrective actions")
    cluster_ids = fields.One2many(
        "quality.complaint.cluster",
        "nonconforming_id",
        string="Recurrence clusters",
        readonly=True,
        groups="quality_complaint.group_quality_supervisor,quality_complaint.group_internal_auditor,"
        "quality_complaint.group_records_admin",
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    confirmed_date = fields.Datetime(readonly=True, copy=False)

    # === COMPUTE METHODS === #

    @api.depends("complaint_id")
    def _compute_company_id(self):
        for record in self:
            record.company_id = record.complaint_id.company_id or record.company_id or self.env.company

    # === CONSTRAINT METHODS === #

    @api.constrains("classification", "disposition", "company_id")
    def _check_level(self):
        Complaint = self.env["quality.complaint"]
        classifications = dict(self._fields["classification"]._description_selection(self.env))
        dispositions = dict(self._fields["disposition"]._description_selection(self.env))
        for record in self:
            levels = LEVELS[Complaint._qc_param("nonconformity_levels", record.company_id)]
            if record.classification not in levels:
                raise ValidationError(
                    self.env._(
                        "%(ref)s: the lab classifies nonconforming work as %(levels)s.",
                        ref=record.display_name,
                        levels=", ".join(classifications[level] for level in levels),
                    )
                )
            allowed = LEVEL_DISPOSITIONS[record.classification]
            if record.disposition and record.disposition not in allowed:
                raise ValidationError(
                    self.env._(
                        "%(ref)s is %(level)s nonconforming work: its disposition is one of %(allowed)s.",
                        ref=record.display_name,
                        level=classifications[record.classification],
                        allowed=", ".join(dispositions[key] for key in allowed),
                    )
                )

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Nonconforming work records are never deleted."))

    # === ACTION METHODS === #

    def action_confirm(self):
        records = self._qc_step("confirm")
        for record in records:
            if not record.disposition or not record.department_id:
                raise UserError(
                    self.env._(
                        "Record the disposition and the responsible department of %s first.", record.name
                    )
                )
        records.write(
            {"state": "confirmed", "confirmed_by_id": self.env.uid, "confirmed_date": fields.Datetime.now()}
        )
        return True

    def action_create_capa(self):
        """Open a corrective action whose source is this nonconforming work."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.corrective.action",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_source": "nonconforming",
                "default_capa_type": "corrective",
                "default_nonconforming_id": self.id,
                "default_complaint_id": self.complaint_id.id,
                "default_investigation_id": self.investigation_id.id,
                "default_title": self.env._("Nonconforming work %s", self.name),
                "default_problem_what": self.description,
            },
        }
