"""Approval in stages: the head of the responsible department, a plan
renegotiated with the complainant, then the director.

Where a deadline policy or the case's category asks for it, the decision
submitted is approved in three steps of the engine (`approve_department`,
`renegotiate_plan`, then `approve` by top management), each tracked, signed
and with its own approver rules. Every other case keeps the single approval.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from ..const import TOP_MANAGEMENT
from .quality_complaint_signing import user_refs

_lt = LazyTranslate(__name__)

APPROVAL_STAGES = [
    ("department", "Head of department"),
    ("renegotiation", "Renegotiation with the complainant"),
    ("director", "Director"),
]
STAGED_HELP = (
    "Decisions on these cases are approved in stages: the head of the responsible department, "
    "then a plan renegotiated with the complainant by the quality manager, then the director "
    "(top management)."
)


class QualityComplaintCategory(models.Model):
    _inherit = "quality.complaint.category"

    approval_staged = fields.Boolean(string="Approval in stages", help=STAGED_HELP)


class QualityComplaintDeadlinePolicy(models.Model):
    _inherit = "quality.complaint.deadline.policy"

    approval_staged = fields.Boolean(string="Approval in stages", help=STAGED_HELP)

    @api.model
    def _qc_staged_cases(self, cases):
        """The cases of `cases` that a matching policy approves in stages (one search)."""
        policies = self.search(
            [("approval_staged", "=", True), ("company_id", "in", [False, *cases.company_id.ids])]
        )
        return cases.filtered(lambda case: any(policy._matches(case) for policy in policies))


# Apart from the case's core model: the stages read as one piece.
class QualityComplaint(models.Model):
    _inherit = "quality.complaint"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #

    approval_staged = fields.Boolean(
        string="Approved in stages",
        readonly=True,
        copy=False,
        tracking=True,
        help="Set when the decision is submitted, from the deadline policies and the category.",
    )
    approval_stage = fields.Selection(
        APPROVAL_STAGES, string="Approval stage", readonly=True, copy=False, tracking=True
    )
    department_approver_id = fields.Many2one(
        "res.users", string="Approved by the head of department", readonly=True, copy=False, tracking=True
    )
    department_approved_date = fields.Datetime(
        string="Approved by the head of department on", readonly=True, copy=False
    )
    renegotiated_plan = fields.Text(
        string="Renegotiated plan",
        tracking=True,
        copy=False,
        help="The plan agreed again with the complainant after the head of department approved, "
        "which the director reviews.",
    )
    renegotiated_by_id = fields.Many2one(
        "res.users", string="Renegotiated by", readonly=True, copy=False, tracking=True
    )
    renegotiated_date = fields.Datetime(string="Renegotiated on", readonly=True, copy=False)

    # === ACTION METHODS === #

    def action_approve_department(self, signature_password=None):
        """The head of the responsible department approves the decision: first stage."""
        cases = self._qc_step("approve_department")
        cases._qc_require_stage("department", self.env._("approve as head of department"))
        if not self.env.su:
            for case in cases:
                if not case.department_id.leader_id:
                    raise UserError(
                        self.env._(
                            "Set the responsible department of %s and its head: the head approves first.",
                            case.name,
                        )
                    )
                if case.department_id.leader_id != self.env.user:
                    raise UserError(
                        self.env._(
                            "Only the head of %(department)s, %(head)s, approves %(ref)s at this stage.",
                            department=case.department_id.name,
                            head=case.department_id.leader_id.name,
                            ref=case.name,
                        )
                    )
            self._qc_require_not_decider(cases)
        authentication = cases._qc_signature_authentication("approve_department", signature_password)
        cases.write(
            {
                "approval_stage": "renegotiation",
                "department_approver_id": self.env.uid,
                "department_approved_date": fields.Datetime.now(),
            }
        )
        if authentication != "none":
            self._qc_sign("approve_department", authentication)._qc_seal()
        return True

    def action_renegotiate_plan(self, signature_password=None):
        """The quality manager records the plan agreed again with the complainant: second stage."""
        cases = self._qc_step("renegotiate_plan")
        cases._qc_require_stage("renegotiation", self.env._("record the renegotiated plan"))
        missing = cases.filtered(lambda case: not (case.renegotiated_plan or "").strip())
        if missing:
            raise UserError(
                self.env._("Write the plan renegotiated with the complainant of %s first.", missing[0].name)
            )
        authentication = cases._qc_signature_authentication("renegotiate_plan", signature_password)
        cases.write(
            {
                "approval_stage": "director",
                "renegotiated_by_id": self.env.uid,
                "renegotiated_date": fields.Datetime.now(),
            }
        )
        if authentication != "none":
            self._qc_sign("renegotiate_plan", authentication)._qc_seal()
        return True

    def action_approve(self, signature_password=None):
        """A case approved in stages reaches the director only after the stages before."""
        staged = self._qc_step("approve").filtered("approval_staged")
        staged._qc_require_stage("director", self.env._("approve a decision"))
        if not self.env.su:
            twice = staged.filtered(lambda case: case.department_approver_id == self.env.user)
            if twice:
                raise UserError(
                    self.env._(
                        "You approved %s as head of department: another person approves it as director.",
                        twice[0].name,
                    )
                )
        return super().action_approve(signature_password=signature_password)

    # === BUSINESS METHODS === #

    def _qc_approval_start_values(self):
        """What submitting the decision sets on this case: staged or not, and its first stage."""
        self.ensure_one()
        staged = bool(
            self.category_id.approval_staged
            or self.env["quality.complaint.deadline.policy"]._qc_staged_cases(self)
        )
        return {"approval_staged": staged, "approval_stage": "department" if staged else False}

    def _qc_require_stage(self, stage, action_label):
        wrong = self.filtered(lambda case: not case.approval_staged or case.approval_stage != stage)
        if not wrong:
            return
        if not wrong[0].approval_staged:
            raise UserError(
                self.env._(
                    "%(ref)s is approved in one step: you cannot %(action)s it.",
                    ref=wrong[0].name,
                    action=action_label,
                )
            )
        labels = dict(self._fields["approval_stage"]._description_selection(self.env))
        raise UserError(
            self.env._(
                "%(ref)s is at the approval stage %(stage)s: you cannot %(action)s now.",
                ref=wrong[0].name,
                stage=labels[wrong[0].approval_stage],
                action=action_label,
            )
        )

    def _qc_step_ready(self, step_name):
        if step_name == "approve_department":
            return self.approval_staged and self.approval_stage == "department"
        if step_name == "renegotiate_plan":
            return self.approval_staged and self.approval_stage == "renegotiation"
        if step_name == "approve" and self.approval_staged:
            return self.approval_stage == "director"
        return super()._qc_step_ready(step_name)

    def _qc_step_groups(self, step_name):
        if step_name == "approve" and self.approval_staged:
            return TOP_MANAGEMENT
        return super()._qc_step_groups(step_name)

    def _qc_may_take_step(self, user, step_name):
        if step_name == "approve_department" and (
            user != self.department_id.leader_id
            or (user == self.decider_id and not self._qc_param("decider_may_approve", self.company_id))
        ):
            return False
        if step_name == "approve" and self.approval_staged and user == self.department_approver_id:
            return False
        return super()._qc_may_take_step(user, step_name)

    def _qc_signed_payload(self):
        payload = super()._qc_signed_payload()
        if self.approval_staged:
            payload["stages"] = {
                "department_approver": user_refs(self.department_approver_id),
                "renegotiated_plan": self.renegotiated_plan or "",
            }
        return payload
