from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import CHANNELS, KINDS, SEVERITIES

CRITERIA = ("kind", "severity", "category_id", "channel")
TERMS = ("ack_hours", "plan_days", "reply_days")


class QualityComplaintDeadlinePolicy(models.Model):
    """How long the lab gives itself to acknowledge, plan and reply.

    Each term of a case is taken from the most specific matching policy that
    sets it (a policy leaves a term to the others with 0), so "major cases:
    acknowledge within 4 hours" and "result disputes: plan within 5 working
    days" combine on a major result dispute.
    """

    _name = "quality.complaint.deadline.policy"
    _description = "Deadline policy"
    _order = "sequence, id"

    # === FIELDS === #

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty for every company.")
    kind = fields.Selection(KINDS, help="Leave empty for every kind.")
    severity = fields.Selection(SEVERITIES, help="Leave empty for every severity.")
    category_id = fields.Many2one("quality.complaint.category", help="Leave empty for every category.")
    channel = fields.Selection(CHANNELS, help="Leave empty for every channel.")
    ack_hours = fields.Float(
        string="Acknowledge within (hours)",
        help="Hours after receipt by which the complainant is told the case was received. "
        "0 leaves it to a less specific policy.",
    )
    plan_days = fields.Integer(
        string="Handling plan within (working days)",
        help="Working days after acknowledgement by which the decision and handling plan "
        "are submitted for approval. 0 leaves it to a less specific policy.",
    )
    reply_days = fields.Integer(
        string="Reply within (working days)",
        help="Working days after acknowledgement by which the reply letter is sent. "
        "0 leaves it to a less specific policy.",
    )

    # === CONSTRAINT METHODS === #

    @api.constrains(*TERMS)
    def _check_terms(self):
        for policy in self:
            if min(policy.ack_hours, policy.plan_days, policy.reply_days) < 0:
                raise ValidationError(self.env._("Deadline terms cannot be negative (%s).", policy.name))
            if policy.plan_days and policy.reply_days and policy.reply_days < policy.plan_days:
                raise ValidationError(
                    self.env._("In policy %s the reply cannot be due before the handling plan.", policy.name)
                )

    # === BUSINESS METHODS === #

    def _specificity(self):
        return sum(1 for criterion in CRITERIA if self[criterion])

    def _matches(self, case):
        return all(not self[c] or self[c] == case[c] for c in CRITERIA) and (
            not self.company_id or self.company_id == case.company_id
        )

    @api.model
    def _terms_for(self, cases):
        """{case: {term: value}} for every case, with one search for all of them."""
        policies = self.search([("company_id", "in", [False, *cases.company_id.ids])]).sorted(
            lambda p: (-p._specificity(), p.sequence, p.id)
        )
        result = {}
        for case in cases:
            matching = [p for p in policies if p._matches(case)]
            result[case] = {term: next((p[term] for p in matching if p[term]), 0) for term in TERMS}
        return result
