from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # === FIELDS === #

    qc_complaint_process = fields.Html(
        string="Published complaint process",
        translate=True,
        sanitize=True,
        help="How the lab handles complaints and appeals, linked from the public form (I10).",
        default=lambda self: self.env._(
            "<p>We register every complaint, appeal and suggestion, confirm its receipt within one "
            "working day and tell you by when you will hear from us. People who took no part in the "
            "matter examine it; the outcome is decided or approved by someone not involved. We answer "
            "in writing, and if you do not accept the outcome you may ask us to review it or refer it "
            "to the accreditation body or the market regulator.</p>"
        ),
    )
    qc_privacy_notice = fields.Html(
        string="Privacy notice of the complaint form",
        translate=True,
        sanitize=True,
        help="Shown to complainants before they consent to the processing of their personal data (PIPL).",
        default=lambda self: self.env._(
            "<p>We use your name and contact details only to handle your case and to contact you about "
            "it. Only the staff who handle complaints see them. We keep them as long as the case record "
            "(five years after closure by default) and then erase them. You may ask us to see, correct "
            "or erase your data by contacting us.</p>"
        ),
    )

    # === BUSINESS METHODS === #

    def _qc_lang(self):
        """The lab's own language: of the notes the module writes in the chatter,
        and of the cases staff register for a complainant whose language is unknown.

        The company contact says it (a setting of Complaints); a database
        without one uses its default language for contacts, then English.
        """
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        default = self.env["ir.default"].sudo()._get("res.partner", "lang")
        return next(
            (code for code in (self.partner_id.lang, default, "en_US") if code in installed),
            next(iter(installed)),
        )
