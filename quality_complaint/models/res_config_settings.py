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
