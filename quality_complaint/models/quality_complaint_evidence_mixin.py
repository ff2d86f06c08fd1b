from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from .quality_workflow_mixin import Lock

_lt = LazyTranslate(__name__)

# Confirmed nonconforming work freezes the evidence of its case.
EVIDENCE_LOCK = Lock(
    field="evidence_locked",
    message=_lt("%s is evidence of confirmed nonconforming work and can no longer be changed."),
)


class QualityComplaintEvidenceMixin(models.AbstractModel):
    """Evidence an assessor may ask to see (V7, M5).

    Never deleted; frozen once a nonconforming-work record of its case is
    confirmed. Models using it define a boolean ``evidence_locked``.
    """

    _name = "quality.complaint.evidence.mixin"
    _description = "Investigation evidence"
    _inherit = ["quality.workflow.mixin"]
    _qc_locks = (EVIDENCE_LOCK,)

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_never_evidence(self):
        raise UserError(self.env._("Investigation records are never deleted (ISO/IEC 17025 7.5, 8.4)."))
