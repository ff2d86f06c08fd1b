from odoo import fields, models

from .quality_complaint_signing import user_refs


class QualityCorrectiveAction(models.Model):
    _name = "quality.corrective.action"
    _inherit = ["quality.corrective.action", "quality.signature.mixin"]

    def record_effectiveness(self, result, note, signature_password=None):
        self._qc_step("record_effectiveness")
        authentication = self._qc_signature_authentication("record_effectiveness", signature_password)
        outcome = super().record_effectiveness(result, note)
        if authentication != "none":
            # A new check after an ineffective one replaces the earlier check's signature.
            self._qc_live_signatures(("record_effectiveness",))._qc_void(
                self.env._("Replaced by a new effectiveness check.")
            )
            self._qc_sign("record_effectiveness", authentication)._qc_seal()
        return outcome

    def _qc_signed_payload(self):
        return {
            **super()._qc_signed_payload(),
            "result": self.effectiveness_result or None,
            "evidence": self.effectiveness_note or "",
            "checked_by": user_refs(self.effectiveness_checked_by_id),
            "checked_on": fields.Date.to_string(self.effectiveness_check_date)
            if self.effectiveness_check_date
            else None,
        }
