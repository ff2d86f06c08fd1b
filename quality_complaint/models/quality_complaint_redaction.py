from odoo import api, fields, models
from odoo.tools import format_date

from ..audit_trail import TrailRecordRefused


class QualityComplaintRedaction(models.Model):
    """What the retention job removed from a case, when and by which rule.

    The one rewrite of the trail leaves this record instead: an assessor
    reading a redacted case sees that the gaps are deliberate, and since when.
    Written by the job only (no access right grants create), never changed.
    """

    _name = "quality.complaint.redaction"
    _description = "Redaction of personal data"
    _order = "redaction_date desc, id desc"
    _rec_name = "complaint_id"

    # === FIELDS === #

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, readonly=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    redaction_date = fields.Datetime(string="Redacted on", required=True, readonly=True)
    rule = fields.Char(required=True, readonly=True, help="The retention rule that required the redaction.")
    data_kinds = fields.Char(
        string="Personal data removed", readonly=True, help="The kinds of identity data the case held."
    )
    message_count = fields.Integer(string="Message texts redacted", readonly=True)
    header_count = fields.Integer(string="Mail headers redacted", readonly=True)
    response_count = fields.Integer(string="Follow-up surveys redacted", readonly=True)

    # === CRUD METHODS === #

    def write(self, vals):
        if vals:
            raise TrailRecordRefused(
                self.env._("A redaction record is part of the case record and is never changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise TrailRecordRefused(
            self.env._("A redaction record is part of the case record and is never deleted.")
        )

    # === BUSINESS METHODS === #

    @api.model
    def _qc_record(self, case, message_count, header_count, response_count):
        """The record of one case's redaction, written in the lab's language."""
        lab = self.with_context(lang=case.company_id._qc_lang())
        identity = case.sudo().identity_id
        kinds = [
            identity._fields[name]._description_string(lab.env)
            for name in ("partner_id", "name", "organisation", "phone", "email", "address")
            if identity[name]
        ]
        rule = lab.env._(
            "Retention period ended on %(until)s: closed on %(closed)s and kept %(years)s years.",
            until=format_date(lab.env, case.retention_until),
            closed=format_date(lab.env, case.close_date),
            years=case._qc_param("retention_years"),
        )
        return self.sudo().create(
            {
                "complaint_id": case.id,
                "redaction_date": fields.Datetime.now(),
                "rule": rule,
                "data_kinds": ", ".join(kinds) or lab.env._("none on record"),
                "message_count": message_count,
                "header_count": header_count,
                "response_count": response_count,
            }
        )
