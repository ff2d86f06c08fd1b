import base64

from odoo import api, models
from odoo.exceptions import UserError

from ..audit_trail import TrailRecordRefused, is_audited

# What an attachment says and where it belongs; tokens and checksums may move.
CONTENT_FIELDS = {"name", "datas", "raw", "db_datas", "url", "type", "res_model", "res_id", "description"}
# Evidence whose files freeze once nonconforming work of the case is confirmed (V7).
EVIDENCE_MODELS = ("quality.complaint.investigation", "quality.complaint.retest")
# Which record a file of the trail belongs to.
TRAIL_OWNER_FIELDS = ("res_model", "res_id")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # === CRUD METHODS === #

    def write(self, vals):
        self._qc_check_trail_rewrite(vals)
        if CONTENT_FIELDS & set(vals):
            self._qc_check_case_open()
            self._qc_check_evidence_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_case(self):
        trail = self._qc_trail_files()
        if trail:
            raise TrailRecordRefused(
                self.env._(
                    "%s is a file of a quality record: files are kept from the moment they arrive.",
                    trail[0].name,
                )
            )
        self._qc_check_case_open()
        self._qc_check_evidence_unlocked()

    # === BUSINESS METHODS === #

    def _qc_trail_files(self):
        """Files of the trail; a binary field's value stays under its record's own locks."""
        return self.sudo().filtered(
            lambda attachment: is_audited(attachment.res_model) and not attachment.res_field
        )

    def _qc_check_trail_rewrite(self, vals):
        """A file of the trail keeps its content and its record."""
        trail = self._qc_trail_files()
        if not trail:
            return
        # Posting a message files its uploads again under the same record, and
        # moving the filestore writes every file's content back unchanged.
        rewritten = trail.filtered(
            lambda attachment: (
                self._qc_changes_content(attachment, vals)
                or any(name in vals and vals[name] != attachment[name] for name in TRAIL_OWNER_FIELDS)
            )
        )
        if rewritten:
            raise TrailRecordRefused(
                self.env._(
                    "%s is a file of a quality record: its content and its record never change.",
                    rewritten[0].name,
                )
            )

    def _qc_changes_content(self, attachment, vals):
        """Whether `vals` give `attachment` another content than the one it holds."""
        for name in ("url", "type"):
            if name in vals and vals[name] != attachment[name]:
                return True
        for name in ("raw", "db_datas", "datas"):
            if name in vals:
                data = vals[name] or b""
                if name == "datas":
                    data = base64.b64decode(data)
                elif isinstance(data, str):
                    data = data.encode()
                if self._compute_checksum(data) != attachment.checksum:
                    return True
        return False

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

    def _qc_check_evidence_unlocked(self):
        """Files attached to, or listed as evidence of, locked investigation records stay as they are."""
        attachments = self.sudo()
        owners = [
            self.env["quality.complaint.investigation"]
            .sudo()
            .search([("evidence_attachment_ids", "in", attachments.ids)])
        ]
        for model in EVIDENCE_MODELS:
            res_ids = [a.res_id for a in attachments if a.res_model == model and a.res_id]
            owners.append(self.env[model].sudo().browse(res_ids).exists())
        locked = [record for records in owners for record in records if record.evidence_locked]
        if locked:
            raise UserError(
                self.env._(
                    "%s is evidence of confirmed nonconforming work: its files can no longer change.",
                    locked[0].display_name,
                )
            )
