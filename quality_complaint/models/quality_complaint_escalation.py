from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import TOP_MANAGEMENT

# On a retaliation report, top management takes the steps that judge the
# people concerned: the quality chain may be the one accused.
RETALIATION_TOP_STEPS = frozenset(
    {"start_investigation", "submit_decision", "approve", "reopen_decision", "cancel", "lower_protection"}
)


class QualityComplaint(models.Model):
    """Where a case goes beyond the lab's own handling: retaliation reports,
    mediation, and the statements that go with amended reports.

    Retaliation reports (打击报复) are a case kind of its own, confidential by
    nature, handled and decided by top management, the reporter's identity
    protected as on a real-name report whatever the flags say.
    """

    # Apart from the case's own file, which stays about its workflow.
    _inherit = "quality.complaint"  # pylint: disable=consider-merging-classes-inherited

    mediation_ids = fields.One2many("quality.complaint.mediation", "complaint_id", string="Mediations")
    amended_report_ids = fields.One2many(
        "quality.complaint.amended.report", "complaint_id", string="Amended report statements"
    )

    @api.depends("confidential", "is_real_name", "kind")
    def _compute_identity_restricted(self):
        for case in self:
            case.identity_restricted = case.confidential or case.is_real_name or case.kind == "retaliation"

    @api.depends("severity", "compensation_amount", "compensation_proposed", "channel", "kind")
    def _compute_requires_top_approval(self):
        result = super()._compute_requires_top_approval()
        for case in self.filtered(lambda case: case.kind == "retaliation"):
            case.requires_top_approval = True
        return result

    @api.constrains("kind", "user_id")
    def _check_retaliation_handler(self):
        for case in self.filtered(lambda case: case.kind == "retaliation" and case.user_id):
            if not case.user_id.has_group(TOP_MANAGEMENT[0]):
                raise ValidationError(
                    self.env._(
                        "%s is a retaliation report: its handler is a member of top management.", case.name
                    )
                )

    def write(self, vals):
        if (
            "kind" in vals
            and vals["kind"] != "retaliation"
            and not self.env.user.has_group(TOP_MANAGEMENT[0])
            and any(case.kind == "retaliation" for case in self)
        ):
            raise UserError(
                self.env._("Only top management may turn a retaliation report into another kind of case.")
            )
        return super().write(vals)

    def _qc_step(self, step_name):
        if step_name in RETALIATION_TOP_STEPS and any(case.kind == "retaliation" for case in self):
            step = self._qc_steps[step_name]
            self._qc_require_group(TOP_MANAGEMENT, self.env._(step.label))
        return super()._qc_step(step_name)

    def _qc_step_groups(self, step_name):
        if self.kind == "retaliation" and step_name in RETALIATION_TOP_STEPS:
            return TOP_MANAGEMENT
        return super()._qc_step_groups(step_name)

    def _qc_reported_to_top(self):
        return self.kind == "retaliation" or super()._qc_reported_to_top()
