from odoo import api, models
from odoo.exceptions import UserError

# What an attachment says and where it belongs; tokens and checksums may move.
CONTENT_FIELDS = {"name", "datas", "raw", "db_datas", "url", "type", "res_model", "res_id", "description"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _qc_check_case_open(self):
        """The files of a closed case are its record: nobody changes or removes them."""
        case_ids = [a.res_id for a in self.sudo() if a.res_model == "quality.complaint" and a.res_id]
        if not case_ids:
            return
        closed = (
            self.env["quality.complaint"]
            .sudo()
            .search([("id", "in", case_ids), ("state", "in", ("closed", "cancelled"))], limit=1)
        )
        if closed:
            raise UserError(self.env._("%s is closed: its attachments are part of the record.", closed.name))

    def write(self, vals):
        if CONTENT_FIELDS & set(vals):
            self._qc_check_case_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_case(self):
        self._qc_check_case_open()
