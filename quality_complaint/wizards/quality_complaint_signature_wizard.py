from odoo import api, fields, models

from ..models.quality_complaint_signing import MEANINGS, STEP_METHODS


class QualityComplaintSignatureWizard(models.TransientModel):
    """Asks the signer's password for a signed step and says what the signature means.

    The password is never stored: the field is not, and the button hands it
    to the step in its context, as Odoo's own identity check does. The step
    checks it.
    """

    _name = "quality.complaint.signature.wizard"
    _description = "Sign a step"

    # === FIELDS === #

    complaint_ids = fields.Many2many("quality.complaint", required=True, readonly=True)
    step = fields.Selection(
        [
            ("approve_department", "Approve as head of department"),
            ("renegotiate_plan", "Record the renegotiated plan"),
            ("approve", "Approve"),
            ("send_reply", "Send the reply"),
            ("close", "Close the case"),
        ],
        required=True,
        readonly=True,
    )
    meaning = fields.Char(string="By signing", compute="_compute_meaning")
    signer_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    password = fields.Char(store=False)

    # === COMPUTE METHODS === #

    @api.depends("complaint_ids", "step")
    def _compute_meaning(self):
        for wizard in self:
            case = wizard.complaint_ids[:1]
            # A lazy text takes no arguments in env._: its placeholder is filled after translation.
            wizard.meaning = (
                self.env._(MEANINGS[wizard.step]) % case._qc_signature_role(wizard.step)  # pylint: disable=translation-not-lazy
                if case and wizard.step
                else False
            )

    # === ACTION METHODS === #

    def action_sign(self):
        self.ensure_one()
        context = dict(self.env.context)
        password = context.pop("signature_password", None)
        # The dialog's own defaults are not the step's, and the password goes no further than the step.
        context = {key: value for key, value in context.items() if not key.startswith("default_")}
        method = getattr(self.complaint_ids.with_env(self.env(context=context)), STEP_METHODS[self.step])
        result = method(signature_password=password)
        return result if isinstance(result, dict) else {"type": "ir.actions.act_window_close"}
