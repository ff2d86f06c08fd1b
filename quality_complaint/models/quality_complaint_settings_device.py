from odoo import fields, models

from ..const import PARAM_DEFAULTS


class QualityComplaintSettings(models.Model):
    _inherit = "quality.complaint.settings"

    adverse_event_death_days = fields.Integer(
        string="Report a death within (days)",
        default=PARAM_DEFAULTS["adverse_event_death_days"],
        help="Calendar days from the moment the company learns of a death to its report to the regulator.",
    )
    adverse_event_injury_days = fields.Integer(
        string="Report a serious injury within (days)",
        default=PARAM_DEFAULTS["adverse_event_injury_days"],
        help="Calendar days from the moment the company learns of a serious injury to its report to the regulator.",
    )
