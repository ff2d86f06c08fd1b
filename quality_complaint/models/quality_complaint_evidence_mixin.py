from odoo import api, models
from odoo.exceptions import UserError

# Bookkeeping of the mail framework that may still move on a locked record.
LOCK_EXEMPT_FIELDS = {"message_main_attachment_id"}


class QualityComplaintEvidenceMixin(models.AbstractModel):
    """Evidence an assessor may ask to see (V7, M5).

    Never deleted; frozen once a nonconforming-work record of its case is
    confirmed. Models using it define a boolean ``evidence_locked``.
    """

    _name = "quality.complaint.evidence.mixin"
    _description = "Investigation evidence"

    # === CRUD METHODS === #

    def write(self, vals):
        locked = self.filtered("evidence_locked")
        if locked and set(vals) - LOCK_EXEMPT_FIELDS:
            raise UserError(
                self.env._(
                    "%s is evidence of confirmed nonconforming work and can no longer be changed.",
                    locked[0].display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_evidence(self):
        raise UserError(self.env._("Investigation records are never deleted (ISO/IEC 17025 7.5, 8.4)."))
