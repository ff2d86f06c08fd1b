"""People from outside the lab on a case: external experts and an independent
arbitration body (partners, not users), and the objection letter as received.

An outside party investigates (on an investigation) or decides (the review
submitted with the decision, recorded by the staff member who submits it).
The impartiality rule holds for them as for staff: an outside party who took
part in the disputed work, listed on the case, takes no part in its handling.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from .quality_workflow_mixin import StepRequired

_lt = LazyTranslate(__name__)

OUTSIDE_DOMAIN = [("qc_outside_role", "!=", False)]


class QualityComplaintInvestigation(models.Model):
    _inherit = "quality.complaint.investigation"

    expert_ids = fields.Many2many(
        "res.partner",
        "quality_complaint_investigation_expert_rel",
        "investigation_id",
        "partner_id",
        string="Outside experts",
        domain=OUTSIDE_DOMAIN,
        tracking=True,
        help="External experts or an independent testing body who take part in this investigation.",
    )

    @api.constrains("expert_ids", "complaint_id")
    def _check_expert_impartiality(self):
        for investigation in self:
            investigation.complaint_id._qc_check_impartial_partners(
                investigation.expert_ids, self.env._("investigate it")
            )


# Apart from the case's core model: the outside parties are a concern of their own.
class QualityComplaint(models.Model):
    _inherit = "quality.complaint"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #

    involved_partner_ids = fields.Many2many(
        "res.partner",
        "quality_complaint_involved_partner_rel",
        "complaint_id",
        "partner_id",
        string="Outside parties involved",
        tracking=True,
        help="Experts, subcontractors or bodies outside the lab who took part in the disputed work "
        "or in an earlier decision: they may not investigate or decide the case. Once the case "
        "is acknowledged they are only added; a quality manager who is not involved removes one, "
        "with a reason.",
    )
    decision_partner_id = fields.Many2one(
        "res.partner",
        string="Decided by (outside)",
        domain=OUTSIDE_DOMAIN,
        tracking=True,
        help="The external expert or arbitration body whose review decided the case; the staff "
        "member who submits the decision records it.",
    )
    decision_by = fields.Char(
        string="Decision", compute="_compute_decision_by", help="Who decided and who recorded it."
    )
    outside_party_ids = fields.Many2many(
        "res.partner",
        compute="_compute_outside_party_ids",
        string="Outside experts and bodies",
        help="Every outside party taking part in the case: its investigations' experts and its decider.",
    )
    objection_letter_date = fields.Date(
        string="Objection letter received on", help="The day the written objection reached the lab."
    )
    objection_letter_signed = fields.Boolean(
        string="Signed by the responsible person",
        help="The letter bears the signature of the complainant's responsible person.",
    )
    objection_letter_stamped = fields.Boolean(
        string="Official stamp", help="The letter bears the complainant organisation's official stamp."
    )
    objection_letter_file = fields.Binary(string="Objection letter as received", attachment=True, copy=False)
    objection_letter_filename = fields.Char(copy=False)

    # === COMPUTE METHODS === #

    @api.depends("decision_partner_id", "decider_id")
    @api.depends_context("lang")
    def _compute_decision_by(self):
        for case in self:
            if case.decision_partner_id and case.decider_id:
                case.decision_by = self.env._(
                    "Decided by %(partner)s, recorded by %(user)s",
                    partner=case.decision_partner_id.display_name,
                    user=case.decider_id.name,
                )
            elif case.decider_id:
                case.decision_by = self.env._("Decided by %s", case.decider_id.name)
            else:
                case.decision_by = False

    @api.depends("investigation_ids.expert_ids", "decision_partner_id")
    def _compute_outside_party_ids(self):
        for case in self:
            case.outside_party_ids = case.investigation_ids.expert_ids | case.decision_partner_id

    # === CONSTRAINT METHODS === #

    @api.constrains("involved_partner_ids", "decision_partner_id")
    def _check_outside_impartiality(self):
        for case in self.filtered("involved_partner_ids"):
            case._qc_check_impartial_partners(
                case.investigation_ids.expert_ids | case.decision_partner_id,
                self.env._("investigate or decide it"),
            )

    def _qc_check_impartial_partners(self, partners, duty):
        """The impartiality rule for outside parties: none involved in the case takes part in it."""
        self.ensure_one()
        conflicts = partners & self.involved_partner_ids
        if conflicts:
            raise ValidationError(
                self.env._(
                    "%(people)s took part in the work %(ref)s is about and may not %(duty)s (impartiality).",
                    people=", ".join(conflicts.mapped("display_name")),
                    ref=self.name,
                    duty=duty,
                )
            )

    @api.constrains("objection_letter_signed", "objection_letter_stamped", "objection_letter_file")
    def _check_objection_letter(self):
        for case in self:
            if (
                case.objection_letter_signed or case.objection_letter_stamped
            ) and not case.objection_letter_file:
                raise ValidationError(
                    self.env._(
                        "%s: attach the objection letter as received before recording its signature or stamp.",
                        case.name,
                    )
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("parent_id"):
                vals["involved_partner_ids"] = list(vals.get("involved_partner_ids") or []) + [
                    fields.Command.link(partner.id)
                    for partner in self.browse(vals["parent_id"])._qc_earlier_outside_parties()
                ]
        return super().create(vals_list)

    def write(self, vals):
        if "involved_partner_ids" in vals and not self._qc_step_run():
            for case in self.filtered(lambda case: case.state != "new"):
                kept = self._qc_linked_ids(case.involved_partner_ids.ids, vals["involved_partner_ids"])
                if set(case.involved_partner_ids.ids) - kept:
                    raise StepRequired(
                        self.env._(
                            "%s is acknowledged: outside parties involved are only added. A quality "
                            "manager who is not involved removes one, with a reason.",
                            case.name,
                        )
                    )
        return super().write(vals)

    # === ACTION METHODS === #

    def action_submit_decision(self):
        """The decision of an outside party is recorded by the staff member who submits it."""
        result = super().action_submit_decision()
        for case in self.filtered("decision_partner_id"):
            case._qc_post_note(
                _lt(
                    "Decided by %(partner)s, recorded by %(user)s.",
                    partner=case.decision_partner_id.display_name,
                    user=self.env.user.name,
                )
            )
        return result

    def action_remove_involved_partner(self, partner_id=None, reason=None):
        """A quality manager who is not involved takes an outside party off the involved list, with a reason."""
        self.ensure_one()
        cases = self._qc_step("remove_involved")
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner or partner not in self.involved_partner_ids:
            raise UserError(self.env._("Choose an outside party involved in %s.", self.name))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why %s is no longer involved.", partner.display_name))
        cases.write({"involved_partner_ids": [fields.Command.unlink(partner.id)]})
        self._qc_post_note(
            _lt(
                "%(person)s is no longer involved. Reason: %(reason)s",
                person=partner.display_name,
                reason=reason,
            )
        )
        return True

    # === BUSINESS METHODS === #

    def _qc_earlier_outside_parties(self):
        """The outside parties who investigated, decided or were involved: never
        the reviewers of a case that continues this one."""
        earlier = self.sudo()
        return (
            earlier.involved_partner_ids | earlier.decision_partner_id | earlier.investigation_ids.expert_ids
        )

    def _qc_signed_payload(self):
        payload = super()._qc_signed_payload()
        if self.decision_partner_id:
            payload["decided_by_outside"] = [
                self.decision_partner_id.id,
                self.decision_partner_id.display_name,
            ]
        return payload
