from odoo import models
from odoo.exceptions import UserError


class QualityWorkflowMixin(models.AbstractModel):
    """The checks every workflow step of a quality record makes before it acts."""

    _name = "quality.workflow.mixin"
    _description = "Quality workflow step checks"

    # === BUSINESS METHODS === #

    def _qc_require_group(self, xmlids, action_label):
        """Refuse unless the user holds one of the roles `xmlids` (an XML id or a tuple of them)."""
        xmlids = (xmlids,) if isinstance(xmlids, str) else tuple(xmlids)
        if self.env.su or any(self.env.user.has_group(xmlid) for xmlid in xmlids):
            return
        names = ", ".join(self.env.ref(xmlid).name for xmlid in xmlids)
        if len(xmlids) == 1:
            message = self.env._("Only the role %(role)s may %(action)s.", role=names, action=action_label)
        else:
            message = self.env._("Only the roles %(roles)s may %(action)s.", roles=names, action=action_label)
        raise UserError(message)

    def _qc_require_state(self, states, action_label):
        wrong = self.filtered(lambda record: record.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(ref)s is %(state)s: you cannot %(action)s it now.",
                    ref=wrong[0].display_name,
                    state=labels[wrong[0].state],
                    action=action_label,
                )
            )
