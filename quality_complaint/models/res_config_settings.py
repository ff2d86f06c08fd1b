from odoo import api, fields, models

from ..const import PARAM_DEFAULTS

COMPLAINTS_ALIAS = "quality_complaint.mail_alias_complaints"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # === FIELDS === #

    qc_objection_window_days = fields.Integer(
        string="Objection window (days)",
        config_parameter="quality_complaint.objection_window_days",
        default=PARAM_DEFAULTS["objection_window_days"],
        help="Objections to a report must arrive within this many days of its receipt.",
    )
    qc_explanation_days = fields.Integer(
        string="Explain 'not our responsibility' within (working days)",
        config_parameter="quality_complaint.explanation_days",
        default=PARAM_DEFAULTS["explanation_days"],
    )
    qc_authority_months = fields.Integer(
        string="Answer authority referrals within (months)",
        config_parameter="quality_complaint.authority_months",
        default=PARAM_DEFAULTS["authority_months"],
    )
    qc_followup_days = fields.Integer(
        string="Follow up after the reply (days)",
        config_parameter="quality_complaint.followup_days",
        default=PARAM_DEFAULTS["followup_days"],
    )
    qc_escalation_days = fields.Integer(
        string="Second urging notice after (days)",
        config_parameter="quality_complaint.escalation_days",
        default=PARAM_DEFAULTS["escalation_days"],
        help="A case still overdue this many days after its first urging notice is escalated "
        "to top management.",
    )
    qc_similar_months = fields.Integer(
        string="Similar cases over (months)",
        config_parameter="quality_complaint.similar_months",
        default=PARAM_DEFAULTS["similar_months"],
    )
    qc_retention_years = fields.Integer(
        string="Keep case records for (years)",
        config_parameter="quality_complaint.retention_years",
        default=PARAM_DEFAULTS["retention_years"],
    )
    qc_lang = fields.Selection(
        related="company_id.partner_id.lang",
        readonly=False,
        string="Language of the lab",
        help="The notes the module writes on cases, and the answers to a complainant whose language "
        "is unknown, are in this language.",
    )
    group_qc_regulatory_reporting = fields.Boolean(
        string="Regulatory reportability (ISO 13485)",
        implied_group="quality_complaint.group_regulatory_reporting",
    )
    qc_retest_fee = fields.Float(
        string="Re-test fee",
        config_parameter="quality_complaint.retest_fee",
        default=PARAM_DEFAULTS["retest_fee"],
        help="Default fee, in the company currency, the customer pays when a re-test confirms the original result.",
    )
    qc_capa_reminder_days = fields.Integer(
        string="Remind corrective actions (days before due)",
        config_parameter="quality_complaint.capa_reminder_days",
        default=PARAM_DEFAULTS["capa_reminder_days"],
    )
    # Public form, QR links and satisfaction surveys (issue 5)
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
    qc_public_max_files = fields.Integer(
        string="Attachments per submission",
        config_parameter="quality_complaint.public_max_files",
        default=PARAM_DEFAULTS["public_max_files"],
    )
    qc_public_max_file_mb = fields.Integer(
        string="Largest attachment (MB)",
        config_parameter="quality_complaint.public_max_file_mb",
        default=PARAM_DEFAULTS["public_max_file_mb"],
    )
    qc_public_extensions = fields.Char(
        string="Accepted file types",
        config_parameter="quality_complaint.public_extensions",
        default=PARAM_DEFAULTS["public_extensions"],
        help="File name extensions, separated by commas.",
    )
    qc_complaint_process = fields.Html(
        related="company_id.qc_complaint_process", readonly=False, string="Published complaint process"
    )
    qc_privacy_notice = fields.Html(related="company_id.qc_privacy_notice", readonly=False)
    qc_onsite_return_days = fields.Integer(
        string="On-site evaluation forms returned within (working days)",
        config_parameter="quality_complaint.onsite_return_days",
        default=PARAM_DEFAULTS["onsite_return_days"],
    )
    qc_survey_reminder_days = fields.Integer(
        string="Remind after (days)",
        config_parameter="quality_complaint.survey_reminder_days",
        default=PARAM_DEFAULTS["survey_reminder_days"],
    )
    qc_decider_may_approve = fields.Boolean(
        string="Decider may approve",
        config_parameter="quality_complaint.decider_may_approve",
        help="Lets the person who decided a case approve it too. Off, another person approves "
        "every decision (four-eyes principle).",
    )
    qc_survey_reminder_max = fields.Integer(
        string="Reminders at most",
        config_parameter="quality_complaint.survey_reminder_max",
        default=PARAM_DEFAULTS["survey_reminder_max"],
    )
    # Mail intake: the complaints alias and whose authentication is trusted
    qc_alias_name = fields.Char(string="Complaints alias", help="The part before the @ of the address.")
    qc_alias_domain_id = fields.Many2one("mail.alias.domain", string="Alias domain")
    qc_mail_authserv_id = fields.Char(
        string="Trusted mail server",
        config_parameter="quality_complaint.mail_authserv_id",
        default=PARAM_DEFAULTS["mail_authserv_id"],
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
