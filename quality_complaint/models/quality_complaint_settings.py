from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..const import DATABASE_PARAMS, PARAM_DEFAULTS

# The company's own fields the form edits. The company record is Odoo's
# administrators' to write: the settings record, once its own access is
# checked, writes them for the quality manager.
COMPANY_FIELDS = ("lang", "complaint_process", "privacy_notice")
# Settings where 0 means nothing sensible (a value below is refused, never
# replaced by a default).
MINIMUMS = {
    "objection_window_days": 1,
    "explanation_days": 1,
    "authority_months": 1,
    "retention_years": 1,
    "duplicate_threshold": 1,
    "public_max_file_mb": 1,
    "onsite_return_days": 1,
    "survey_reminder_days": 1,
    "adverse_event_death_days": 1,
    "adverse_event_injury_days": 1,
    "cluster_days": 1,
    # A cluster of one case is no recurrence.
    "cluster_min_cases": 2,
    # Below, unrelated texts share enough common characters to match.
    "cluster_text_similarity": 0.1,
}
SETTINGS = tuple(key for key in PARAM_DEFAULTS if key not in DATABASE_PARAMS)


class QualityComplaintSettings(models.Model):
    """The complaint settings of one company (lab).

    Per company, as a lab group runs several labs in one database; kept out of
    Odoo's general settings, which only administrators open, so that the
    quality manager and top management of the company own them.
    """

    _name = "quality.complaint.settings"
    _description = "Complaint settings of a company"
    _rec_name = "company_id"

    # === FIELDS === #

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, ondelete="cascade"
    )
    objection_window_days = fields.Integer(
        string="Objection window (days)",
        default=PARAM_DEFAULTS["objection_window_days"],
        help="Objections to a report must arrive within this many days of its receipt.",
    )
    explanation_days = fields.Integer(
        string="Explain 'not our responsibility' within (working days)",
        default=PARAM_DEFAULTS["explanation_days"],
        help="Working days to explain to the complainant a case that is not the lab's responsibility.",
    )
    authority_months = fields.Integer(
        string="Answer authority referrals within (months)",
        default=PARAM_DEFAULTS["authority_months"],
        help="Months to send the result of a referral back to the accreditation body or regulator.",
    )
    escalation_days = fields.Integer(
        string="Second urging notice after (days)",
        default=PARAM_DEFAULTS["escalation_days"],
        help="A case still overdue this many days after its first urging notice is escalated "
        "to top management.",
    )
    decider_may_approve = fields.Boolean(
        string="Decider may approve",
        default=PARAM_DEFAULTS["decider_may_approve"],
        help="Lets the person who decided a case approve it too. Off, another person approves "
        "every decision (four-eyes principle).",
    )
    sign_approval = fields.Boolean(
        string="Sign approvals",
        default=PARAM_DEFAULTS["sign_approval"],
        help="The approver types their password to approve a decision: an electronic signature "
        "that records who approved, in which role, and what.",
    )
    sign_reply = fields.Boolean(
        string="Sign reply letters",
        default=PARAM_DEFAULTS["sign_reply"],
        help="Whoever sends the reply letter types their password. Every letter sent carries a "
        "verification code and a QR code either way.",
    )
    sign_close = fields.Boolean(
        string="Sign closures",
        default=PARAM_DEFAULTS["sign_close"],
        help="Whoever closes a case and sends the end notice types their password.",
    )
    sign_effectiveness = fields.Boolean(
        string="Sign effectiveness checks",
        default=PARAM_DEFAULTS["sign_effectiveness"],
        help="Whoever records the effectiveness check of a corrective action types their password.",
    )
    nonconformity_levels = fields.Selection(
        [("2", "Two: general, serious"), ("3", "Three: general, moderate, serious")],
        string="Levels of nonconforming work",
        required=True,
        default=PARAM_DEFAULTS["nonconformity_levels"],
        help="How many levels nonconforming work is classified in; each level allows its own dispositions.",
    )
    similar_months = fields.Integer(
        string="Similar cases over (months)",
        default=PARAM_DEFAULTS["similar_months"],
        help="Months of history searched for similar cases (same customer, report, product or "
        "category) at triage.",
    )
    duplicate_threshold = fields.Integer(
        string="Duplicate warning from (%)",
        default=PARAM_DEFAULTS["duplicate_threshold"],
        help="Score from which an earlier case is shown as a likely duplicate while a case is "
        "registered, and recorded on a public submission: the report number, customer, product, "
        "sample or lot and category that match and how close the text is, over the months of "
        "similar cases.",
    )
    retention_years = fields.Integer(
        string="Keep case records for (years)",
        default=PARAM_DEFAULTS["retention_years"],
        help="Years a closed case is kept; the complainant's personal data is then erased.",
    )
    retest_fee = fields.Float(
        string="Re-test fee",
        default=PARAM_DEFAULTS["retest_fee"],
        help="Default fee, in the company currency, charged when a re-test confirms the original result.",
    )
    capa_reminder_days = fields.Integer(
        string="Remind corrective actions (days before due)",
        default=PARAM_DEFAULTS["capa_reminder_days"],
        help="Days before an action's due date when its responsible person is reminded.",
    )
    cluster_days = fields.Integer(
        string="Recurrences over (days)",
        default=PARAM_DEFAULTS["cluster_days"],
        help="Days of valid cases the daily recurrence job groups into clusters.",
    )
    cluster_min_cases = fields.Integer(
        string="Recurrence from (cases)",
        default=PARAM_DEFAULTS["cluster_min_cases"],
        help="Valid cases sharing a report, method, product, lot, category, department or a "
        "near-identical description that make a recurrence cluster.",
    )
    cluster_text_similarity = fields.Float(
        string="Similar descriptions from",
        default=PARAM_DEFAULTS["cluster_text_similarity"],
        digits=(3, 2),
        help="Trigram similarity (0 to 1) from which two descriptions count as the same complaint: "
        "about 0.5 for near-identical texts, under 0.1 for the same complaint in other words.",
    )
    cluster_action = fields.Selection(
        [("capa", "Corrective action"), ("nonconforming", "Nonconforming work")],
        string="Recurrences propose",
        required=True,
        default=PARAM_DEFAULTS["cluster_action"],
        help="What a new recurrence cluster proposes to the quality manager, who may take the other.",
    )
    public_max_files = fields.Integer(
        string="Attachments per submission",
        default=PARAM_DEFAULTS["public_max_files"],
        help="0: the public form accepts no attachment.",
    )
    public_max_file_mb = fields.Integer(
        string="Largest attachment (MB)", default=PARAM_DEFAULTS["public_max_file_mb"]
    )
    public_extensions = fields.Char(
        string="Accepted file types",
        default=PARAM_DEFAULTS["public_extensions"],
        required=True,
        help="File name extensions, separated by commas.",
    )
    onsite_return_days = fields.Integer(
        string="On-site evaluation forms returned within (working days)",
        default=PARAM_DEFAULTS["onsite_return_days"],
    )
    survey_reminder_days = fields.Integer(
        string="Remind after (days)", default=PARAM_DEFAULTS["survey_reminder_days"]
    )
    survey_reminder_max = fields.Integer(
        string="Reminders at most",
        default=PARAM_DEFAULTS["survey_reminder_max"],
        help="0: invited customers are not reminded.",
    )
    lang = fields.Selection(
        related="company_id.partner_id.lang",
        readonly=False,
        string="Language of the lab",
        help="The notes the module writes on cases, and the answers to a complainant whose language "
        "is unknown, are in this language.",
    )
    complaint_process = fields.Html(
        related="company_id.qc_complaint_process",
        readonly=False,
        string="Published complaint process",
    )
    privacy_notice = fields.Html(related="company_id.qc_privacy_notice", readonly=False)

    _company_unique = models.UniqueIndex("(company_id)", "A company has one set of complaint settings.")

    # === CONSTRAINT METHODS === #

    @api.constrains(*SETTINGS)
    def _check_values(self):
        for settings in self:
            for key in SETTINGS:
                field = self._fields[key]
                if field.type not in ("integer", "float"):
                    continue
                minimum = MINIMUMS.get(key, 0)
                if settings[key] < minimum:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be at least %(minimum)s.",
                            setting=field._description_string(self.env),
                            minimum=minimum,
                        )
                    )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        company_values = [{key: vals.pop(key) for key in COMPANY_FIELDS if key in vals} for vals in vals_list]
        records = super().create(vals_list)
        for record, values in zip(records, company_values, strict=True):
            if values:
                record.write(values)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        vals = dict(vals)
        company_values = {key: vals.pop(key) for key in COMPANY_FIELDS if key in vals}
        result = super().write(vals)
        if company_values:
            # The settings' own rules decide who writes: only then the company's fields.
            self.check_access("write")
            super(QualityComplaintSettings, self.sudo()).write(company_values)
        self.env.registry.clear_cache()
        return result

    # === ACTION METHODS === #

    @api.model
    def action_open(self):
        """The form of the current company's settings, created on first use."""
        settings = self._qc_of(self.env.company)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaint settings"),
            "res_model": self._name,
            "res_id": settings.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_load_holidays(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Load public holidays"),
            "res_model": "quality.complaint.holiday.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_company_id": self.company_id.id},
        }

    # === BUSINESS METHODS === #

    @api.model
    def _qc_of(self, company):
        """The settings record of `company`, created with the defaults on first use."""
        return self.search([("company_id", "=", company.id)], limit=1) or self.create(
            {"company_id": company.id}
        )

    @api.model
    def _qc_values(self, company):
        """The settings of `company`, {key: value}, read once per company until they change."""
        return self._qc_values_of(company.id)

    @api.model
    @tools.ormcache("company_id")
    def _qc_values_of(self, company_id):
        settings = self.sudo().search([("company_id", "=", company_id)], limit=1)
        if not settings:
            return tools.frozendict((key, PARAM_DEFAULTS[key]) for key in SETTINGS)
        return tools.frozendict((key, settings[key]) for key in SETTINGS)
