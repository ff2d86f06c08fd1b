from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

# The texts the public pages publish, and the module's own version of each:
# a QWeb template translated by the .po, shown while the lab has written none.
PUBLISHED_TEXTS = {
    "qc_complaint_process": "quality_complaint.published_complaint_process",
    "qc_privacy_notice": "quality_complaint.published_privacy_notice",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    # === FIELDS === #

    qc_complaint_process = fields.Html(
        string="Published complaint process",
        translate=True,
        sanitize=True,
        help="How the lab handles complaints and appeals, linked from the public form. Left empty, "
        "the page shows the module's text in the visitor's language; once you write your own, it is "
        "shown instead (translate it with the field's language button).",
    )
    qc_privacy_notice = fields.Html(
        string="Privacy notice of the complaint form",
        translate=True,
        sanitize=True,
        help="Shown to complainants before they consent to the processing of their personal data (PIPL). "
        "Left empty, the page shows the module's text in the visitor's language; once you write your "
        "own, it is shown instead (translate it with the field's language button).",
    )

    # === CRUD METHODS === #

    def write(self, vals):
        result = super().write(vals)
        if "qc_complaint_process" in vals:
            lang = self.env.lang or "en_US"
            self.env["quality.complaint.process.version"].sudo().create(
                [
                    {"company_id": company.id, "lang": lang, "text": company.qc_complaint_process}
                    for company in self
                ]
            )
        return result

    # === BUSINESS METHODS === #

    def _qc_lang(self):
        """The lab's own language: of the notes the module writes in the chatter,
        and of the cases staff register for a complainant whose language is unknown.

        The company contact says it (a setting of Complaints); a database
        without one uses its default language for contacts, then English.
        """
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if self.partner_id.lang in installed:
            return self.partner_id.lang
        # Cached per user and company: jobs ask for it once per record.
        default = self.env["ir.default"].sudo()._get_model_defaults("res.partner").get("lang")
        return next(
            (code for code in (default, "en_US") if code in installed),
            self.env["res.lang"].get_installed()[0][0],
        )

    def _qc_published_text(self, field_name):
        """The published complaint process or privacy notice, in the env's language:
        the lab's own text when it wrote one, else the module's."""
        self.ensure_one()
        own = self[field_name]
        if not is_html_empty(own):
            return own
        years = self.env["quality.complaint"]._qc_param("retention_years", self)
        return self.env["ir.qweb"]._render(
            PUBLISHED_TEXTS[field_name],
            {"company": self, "retention": self.env._("%s years after the case is closed", years)},
        )

    def _qc_deadline_calendar(self):
        """The working calendar deadlines of this company's records are counted on."""
        self.ensure_one()
        calendar = self.resource_calendar_id or self.env.company.resource_calendar_id
        if not calendar:
            raise UserError(
                self.env._("Company %s has no working calendar: set one to compute deadlines.", self.name)
            )
        return calendar
