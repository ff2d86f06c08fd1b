from odoo import api, fields, models
from odoo.exceptions import UserError

REGULATORY_GROUP = "quality_complaint.group_regulatory_reporting"
FINISHED_CASE_STATES = ("closed", "cancelled")


class QualityComplaintDeviceMixin(models.AbstractModel):
    """A record of a device maker's case: company from the case, and only while
    the company reports to a regulator (the regulatory-reporting setting)."""

    _name = "quality.complaint.device.mixin"
    _description = "Device maker's record of a case"
    _check_company_auto = True
    # Part of the case record (ISO 13485 4.2.5): never deleted, unless a model says otherwise.
    _qc_kept = True

    complaint_id = fields.Many2one(
        "quality.complaint", string="Case", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model_create_multi
    def create(self, vals_list):
        self._qc_require_regulatory_reporting()
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_kept_records(self):
        if self._qc_kept:
            raise UserError(self.env._("%s: part of the case record, never deleted.", self._description))

    @api.model
    def _qc_require_regulatory_reporting(self):
        if not (self.env.su or self.env.user.has_group(REGULATORY_GROUP)):
            raise UserError(
                self.env._(
                    "Regulatory reporting is off: %s belongs to device makers. "
                    "Enable regulatory reportability in the settings first.",
                    self._description,
                )
            )
