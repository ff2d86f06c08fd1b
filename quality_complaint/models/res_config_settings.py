from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import PARAM_DEFAULTS

COMPLAINTS_ALIAS = "quality_complaint.mail_alias_complaints"
# res.config.settings drops a parameter set to 0, which then reads as its
# default: 0 is refused instead.
POSITIVE_PARAMS = ("qc_followup_days", "qc_public_rate_count", "qc_public_rate_minutes")


class ResConfigSettings(models.TransientModel):
    """The database-wide complaint settings, for Odoo's administrators. Each
    company's own are in quality.complaint.settings."""

    _inherit = "res.config.settings"

    # === FIELDS === #

    qc_followup_days = fields.Integer(
        string="Follow up after the reply (days)",
        config_parameter="quality_complaint.followup_days",
        default=PARAM_DEFAULTS["followup_days"],
    )
    group_qc_regulatory_reporting = fields.Boolean(
        string="Regulatory reportability (ISO 13485)",
        implied_group="quality_complaint.group_regulatory_reporting",
    )
    qc_public_rate_count = fields.Integer(
        string="Submissions per address",
        config_parameter="quality_complaint.public_rate_count",
        default=PARAM_DEFAULTS["public_rate_count"],
        help="Public form submissions accepted from one client address within the window.",
    )
    qc_public_rate_minutes = fields.Integer(
        string="Rate-limit window (minutes)",
        config_parameter="quality_complaint.public_rate_minutes",
        default=PARAM_DEFAULTS["public_rate_minutes"],
    )
    # Mail intake: the complaints alias and whose authentication is trusted
    qc_alias_name = fields.Char(string="Complaints alias", help="The part before the @ of the address.")
    qc_alias_domain_id = fields.Many2one("mail.alias.domain", string="Alias domain")
    qc_mail_authserv_id = fields.Char(
        string="Trusted mail server",
        config_parameter="quality_complaint.mail_authserv_id",
        default=PARAM_DEFAULTS["mail_authserv_id"],
    )

    # === CONSTRAINT METHODS === #

    @api.constrains(*POSITIVE_PARAMS)
    def _check_qc_positive(self):
        for settings in self:
            for name in POSITIVE_PARAMS:
                if settings[name] < 1:
                    raise ValidationError(
                        self.env._("%s must be at least 1.", self._fields[name]._description_string(self.env))
                    )

    # === CRUD METHODS === #

    @api.model
    def get_values(self):
        values = super().get_values()
        alias = self.env.ref(COMPLAINTS_ALIAS, raise_if_not_found=False)
        values.update(
            qc_alias_name=alias.alias_name if alias else False,
            qc_alias_domain_id=alias.alias_domain_id.id if alias else False,
        )
        return values

    def set_values(self):
        result = super().set_values()
        alias = self.env.ref(COMPLAINTS_ALIAS, raise_if_not_found=False)
        values = {"alias_name": self.qc_alias_name, "alias_domain_id": self.qc_alias_domain_id.id}
        if alias and (alias.alias_name, alias.alias_domain_id.id) != tuple(values.values()):
            alias.write(values)
        return result
