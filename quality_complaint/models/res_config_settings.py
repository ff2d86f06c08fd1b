from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qc_objection_window_days = fields.Integer(
        string="Objection window (days)",
        config_parameter="quality_complaint.objection_window_days",
        default=15,
        help="Objections to a report must arrive within this many days of its receipt.",
    )
    qc_explanation_days = fields.Integer(
        string="Explain 'not our responsibility' within (working days)",
        config_parameter="quality_complaint.explanation_days",
        default=5,
    )
    qc_authority_months = fields.Integer(
        string="Answer authority referrals within (months)",
        config_parameter="quality_complaint.authority_months",
        default=2,
    )
    qc_followup_days = fields.Integer(
        string="Follow up after the reply (days)",
        config_parameter="quality_complaint.followup_days",
        default=7,
    )
    qc_escalation_days = fields.Integer(
        string="Second urging notice after (days)",
        config_parameter="quality_complaint.escalation_days",
        default=2,
        help="A case still overdue this many days after its first urging notice is escalated "
        "to top management.",
    )
    qc_similar_months = fields.Integer(
        string="Similar cases over (months)",
        config_parameter="quality_complaint.similar_months",
        default=12,
    )
    qc_retention_years = fields.Integer(
        string="Keep case records for (years)",
        config_parameter="quality_complaint.retention_years",
        default=5,
    )
    group_qc_regulatory_reporting = fields.Boolean(
        string="Regulatory reportability (ISO 13485)",
        implied_group="quality_complaint.group_regulatory_reporting",
    )
    qc_retest_fee = fields.Float(
        string="Re-test fee",
        config_parameter="quality_complaint.retest_fee",
        default=0.0,
        help="Default fee, in the company currency, the customer pays when a re-test confirms the original result.",
    )
    qc_capa_reminder_days = fields.Integer(
        string="Remind corrective actions (days before due)",
        config_parameter="quality_complaint.capa_reminder_days",
        default=3,
    )
    # Public form, QR links and satisfaction surveys (issue 5)
    qc_public_rate_count = fields.Integer(
        string="Submissions per address",
        config_parameter="quality_complaint.public_rate_count",
        default=5,
        help="Public form submissions accepted from one client address within the window.",
    )
    qc_public_rate_minutes = fields.Integer(
        string="Rate-limit window (minutes)",
        config_parameter="quality_complaint.public_rate_minutes",
        default=10,
    )
    qc_public_max_files = fields.Integer(
        string="Attachments per submission", config_parameter="quality_complaint.public_max_files", default=5
    )
    qc_public_max_file_mb = fields.Integer(
        string="Largest attachment (MB)", config_parameter="quality_complaint.public_max_file_mb", default=10
    )
    qc_public_extensions = fields.Char(
        string="Accepted file types",
        config_parameter="quality_complaint.public_extensions",
        default="pdf,jpg,jpeg,png,gif,webp,heic,doc,docx,xls,xlsx,txt",
        help="File name extensions, separated by commas.",
    )
    qc_complaint_process = fields.Html(
        related="company_id.qc_complaint_process", readonly=False, string="Published complaint process"
    )
    qc_privacy_notice = fields.Html(related="company_id.qc_privacy_notice", readonly=False)
    qc_onsite_return_days = fields.Integer(
        string="On-site evaluation forms returned within (working days)",
        config_parameter="quality_complaint.onsite_return_days",
        default=15,
    )
    qc_survey_reminder_days = fields.Integer(
        string="Remind after (days)", config_parameter="quality_complaint.survey_reminder_days", default=7
    )
    qc_survey_reminder_max = fields.Integer(
        string="Reminders at most", config_parameter="quality_complaint.survey_reminder_max", default=2
    )
