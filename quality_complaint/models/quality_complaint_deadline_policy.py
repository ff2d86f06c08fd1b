from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import CHANNELS, KINDS, OBJECTION_STARTS, SEVERITIES, TERM_UNITS

CRITERIA = ("kind", "severity", "category_id", "channel")
# Each term and the field that holds its unit.
TERMS = {
    "ack_hours": "ack_unit",
    "plan_days": "plan_unit",
    "reply_days": "reply_unit",
    "handover_hours": "handover_unit",
    "inquiry_hours": "inquiry_unit",
    "inquiry_urgent_hours": "inquiry_unit",
}
# Settings of a policy that are no duration: left to a less specific policy when empty.
CHOICES = ("objection_start",)
# Room left after the last start for the days a term can span (long holidays).
SPAN_MARGIN = timedelta(days=30)


def _unit_field(string, default):
    return fields.Selection(
        TERM_UNITS,
        string=string,
        required=True,
        default=default,
        help="Working days end at the end of the lab's working day; working hours count "
        "only the hours of the working calendar (holidays excluded); clock hours run around the clock.",
    )


class QualityComplaintDeadlinePolicy(models.Model):
    """How long the lab gives itself to acknowledge, plan and reply.

    Each term of a case is taken from the most specific matching policy that
    sets it (a policy leaves a term to the others with 0), so "major cases:
    acknowledge within 4 hours" and "result disputes: plan within 5 working
    days" combine on a major result dispute. Each term is counted in its own
    unit, which goes with it.
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
        string="Acknowledge within",
        help="Time after receipt by which the complainant is told the case was received. "
        "0 leaves it to a less specific policy.",
    )
    ack_unit = _unit_field("Acknowledgement counted in", "clock_hours")
    plan_days = fields.Integer(
        string="Handling plan within",
        help="Time after acknowledgement by which the decision and handling plan "
        "are submitted for approval. 0 leaves it to a less specific policy.",
    )
    plan_unit = _unit_field("Handling plan counted in", "working_days")
    reply_days = fields.Integer(
        string="Reply within",
        help="Time after acknowledgement by which the reply letter is sent. "
        "0 leaves it to a less specific policy.",
    )
    reply_unit = _unit_field("Reply counted in", "working_days")
    handover_hours = fields.Float(
        string="Handling form back to the office within",
        help="Time after acknowledgement by which the handling form is returned to the office. "
        "0 leaves it to a less specific policy.",
    )
    handover_unit = _unit_field("Hand-over counted in", "clock_hours")
    inquiry_hours = fields.Float(
        string="Answer an inquiry within",
        help="Time after receipt by which a customer inquiry is answered. 0 leaves it to a less specific policy.",
    )
    inquiry_urgent_hours = fields.Float(
        string="Answer an urgent inquiry within",
        help="Time after receipt by which an urgent customer inquiry is answered. "
        "0 leaves it to a less specific policy.",
    )
    inquiry_unit = _unit_field("Inquiry answers counted in", "clock_hours")
    objection_start = fields.Selection(
        OBJECTION_STARTS,
        string="Objection window starts at",
        help="Empty leaves it to a less specific policy; without any, the window starts "
        "when the customer received the report.",
    )

    # === CONSTRAINT METHODS === #

    @api.constrains(*TERMS, *TERMS.values())
    def _check_terms(self):
        for policy in self:
            if min(policy[term] for term in TERMS) < 0:
                raise ValidationError(self.env._("Deadline terms cannot be negative (%s).", policy.name))
            if (
                policy.plan_days
                and policy.reply_days
                and policy.plan_unit == policy.reply_unit
                and policy.reply_days < policy.plan_days
            ):
                raise ValidationError(
                    self.env._("In policy %s the reply cannot be due before the handling plan.", policy.name)
                )

    # === BUSINESS METHODS === #

    def _specificity(self):
        return sum(1 for criterion in CRITERIA if self[criterion])

    def _matches(self, record):
        """Whether the policy applies to `record` (a case, an inquiry): a
        criterion the record does not have matches only when left empty."""
        return all(not self[c] or (c in record._fields and self[c] == record[c]) for c in CRITERIA) and (
            not self.company_id or self.company_id == record.company_id
        )

    @api.model
    def _terms_for(self, records):
        """{record: {term: value, "units": {term: unit}, choice: value}} for
        every record, with one search for all of them. A term's unit comes
        from the policy its value does."""
        policies = self.search([("company_id", "in", [False, *records.company_id.ids])]).sorted(
            lambda p: (-p._specificity(), p.sequence, p.id)
        )
        result = {}
        for record in records:
            matching = [p for p in policies if p._matches(record)]
            terms = {"units": {}}
            for term, unit_field in TERMS.items():
                policy = next((p for p in matching if p[term]), None)
                terms[term] = policy[term] if policy else 0
                terms["units"][term] = (
                    policy[unit_field] if policy else self._fields[unit_field].default(self)
                )
            for choice in CHOICES:
                terms[choice] = next((p[choice] for p in matching if p[choice]), False)
            result[record] = terms
        return result

    @api.model
    def _qc_due_dates(self, requests):
        """{key: deadline} for `requests` ({key: (calendar, start, amount, unit)},
        naive UTC starts): the working days and working hours each calendar
        needs are read once for all of them. An amount of 0 gives no deadline."""
        spans = {}
        for calendar, start, amount, unit in requests.values():
            if not amount or unit == "clock_hours":
                continue
            reach = timedelta(days=amount * 3) if unit == "working_days" else timedelta(hours=amount * 3 + 24)
            low, high = spans.get((calendar, unit), (start, start))
            spans[calendar, unit] = (min(low, start), max(high, start + reach + SPAN_MARGIN))
        lookups = {}
        for (calendar, unit), (low, high) in spans.items():
            if unit == "working_days":
                lookups[calendar, unit] = calendar._qc_working_dates(
                    calendar._qc_local_date(low), calendar._qc_local_date(high)
                )
            else:
                lookups[calendar, unit] = calendar._qc_working_intervals(low, high)
        due = {}
        for key, (calendar, start, amount, unit) in requests.items():
            if not amount or not start:
                due[key] = False
            elif unit == "clock_hours":
                due[key] = start + timedelta(hours=amount)
            elif unit == "working_days":
                due[key] = calendar._qc_add_working_days(start, int(amount), lookups[calendar, unit])
            else:
                due[key] = calendar._qc_add_working_hours(start, amount, lookups[calendar, unit])
        return due
