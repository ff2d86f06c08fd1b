from odoo import api, fields, models
from odoo.exceptions import UserError

MAX_LABELS = 500


class QualityComplaintQrLabelWizard(models.TransientModel):
    """Prints QR labels, one per report number, to stick on paper reports."""

    _name = "quality.complaint.qr.label.wizard"
    _description = "Print complaint QR labels"

    # === FIELDS === #

    report_refs = fields.Text(
        string="Report numbers", required=True, help="One report number per line (or separated by commas)."
    )
    columns = fields.Selection(
        [("2", "2"), ("3", "3"), ("4", "4")], string="Labels per row", default="3", required=True
    )

    # === ACTION METHODS === #

    def action_print(self):
        self.env["quality.complaint"]._qc_check_qr_access()
        refs = self._qc_split(self.report_refs)
        if not refs:
            raise UserError(self.env._("Give at least one report number."))
        if len(refs) > MAX_LABELS:
            raise UserError(self.env._("Print at most %s labels at a time.", MAX_LABELS))
        return self.env.ref("quality_complaint.action_report_qr_labels").report_action(self)

    # === BUSINESS METHODS === #

    @api.model
    def _qc_split(self, text):
        refs = []
        for chunk in (text or "").replace(",", "\n").replace(";", "\n").splitlines():
            ref = self.env["quality.complaint"]._qc_clean_report_ref(chunk)
            if ref and ref not in refs:
                refs.append(ref)
        return refs

    def _qc_labels(self):
        """[(report number, URL, data: URI of the QR code)] for the report template."""
        self.ensure_one()
        Complaint = self.env["quality.complaint"]
        return [
            (ref, Complaint._qc_form_url(ref), Complaint._qc_report_qr_src(ref))
            for ref in self._qc_split(self.report_refs)
        ]
