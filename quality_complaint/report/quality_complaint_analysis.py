from odoo import api, fields, models

from ..const import CHANNELS, KINDS, SEVERITIES, STATES


class QualityComplaintAnalysis(models.Model):
    """One row per case with its KPIs as measures (M4), for pivot and graph views.

    Rates are 100 / 0 per case and NULL where they do not apply yet, so the
    average Odoo's pivot computes is the rate over the cases it concerns:
    the valid ratio over decided cases, on-time acknowledgement over cases
    acknowledged or already late, on-time reply and reopening over replied
    cases.
    """

    _name = "quality.complaint.analysis"
    _description = "Complaint analysis"
    _inherit = ["quality.grouped.view.mixin"]
    _auto = False
    _rec_name = "complaint_id"
    _order = "received_date desc"

    # === FIELDS === #

    complaint_id = fields.Many2one("quality.complaint", string="Case", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    received_date = fields.Datetime(readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    validity = fields.Selection(
        [("pending", "Pending"), ("valid", "Valid"), ("invalid", "Invalid")], readonly=True
    )
    category_id = fields.Many2one("quality.complaint.category", readonly=True)
    department_id = fields.Many2one("quality.complaint.department", readonly=True)
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True, aggregator="sum")
    valid_rate = fields.Float(string="Valid ratio (%)", readonly=True, aggregator="avg")
    ack_on_time_rate = fields.Float(string="Acknowledged on time (%)", readonly=True, aggregator="avg")
    reply_on_time_rate = fields.Float(string="Replied on time (%)", readonly=True, aggregator="avg")
    working_days_to_reply = fields.Float(string="Working days to reply", readonly=True, aggregator="avg")
    reopen_rate = fields.Float(string="Reopened (%)", readonly=True, aggregator="avg")
    compensation_amount = fields.Float(readonly=True, aggregator="sum")

    # === BUSINESS METHODS === #

    @property
    def _table_query(self):
        return """
            SELECT c.id AS id,
                   c.id AS complaint_id,
                   c.company_id, c.received_date, c.kind, c.channel, c.severity, c.state,
                   c.validity, c.category_id, c.department_id, c.user_id,
                   -- overdue from the moment the deadline passes, as on the case
                   COALESCE(c.current_deadline < (now() AT TIME ZONE 'UTC'), FALSE) AS is_overdue,
                   1 AS case_count,
                   CASE c.validity WHEN 'valid' THEN 100.0 WHEN 'invalid' THEN 0.0 END AS valid_rate,
                   CASE WHEN c.ack_date IS NOT NULL
                             THEN CASE WHEN c.ack_date <= c.ack_deadline THEN 100.0 ELSE 0.0 END
                        WHEN c.state != 'cancelled' AND c.ack_deadline < (now() AT TIME ZONE 'UTC')
                             THEN 0.0
                   END AS ack_on_time_rate,
                   CASE WHEN c.reply_date IS NOT NULL AND c.reply_deadline IS NOT NULL
                        THEN CASE WHEN c.reply_date <= c.reply_deadline::date THEN 100.0 ELSE 0.0 END
                   END AS reply_on_time_rate,
                   CASE WHEN c.reply_date IS NOT NULL THEN c.working_days_to_reply END AS working_days_to_reply,
                   CASE WHEN c.reply_date IS NULL THEN NULL
                        WHEN EXISTS (SELECT 1 FROM quality_complaint f WHERE f.parent_id = c.id) THEN 100.0
                        ELSE 0.0
                   END AS reopen_rate,
                   COALESCE(c.compensation_amount, 0) AS compensation_amount
              FROM quality_complaint c
        """

    @api.model
    def _kpis(self, date_from, date_to, domain=None):
        """Key figures of the cases received in [date_from, date_to), with one query per breakdown."""
        base = [("received_date", ">=", date_from), ("received_date", "<", date_to), *(domain or [])]
        measures = [
            "case_count:sum",
            "valid_rate:avg",
            "ack_on_time_rate:avg",
            "reply_on_time_rate:avg",
            "working_days_to_reply:avg",
            "reopen_rate:avg",
            "compensation_amount:sum",
        ]
        totals = self._read_group(base, [], measures)[0]
        result = {name.split(":")[0]: value for name, value in zip(measures, totals, strict=True)}
        result["case_count"] = result["case_count"] or 0
        for breakdown in ("category_id", "severity", "channel", "kind", "department_id", "state"):
            result[f"by_{breakdown}"] = self._read_group(
                base, [breakdown], ["case_count:sum"], order=breakdown
            )
        result["by_month"] = self._read_group(
            base,
            ["received_date:month"],
            ["case_count:sum", "ack_on_time_rate:avg", "reply_on_time_rate:avg"],
        )
        return result
