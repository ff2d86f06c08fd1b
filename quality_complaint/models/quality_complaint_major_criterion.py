"""The criteria that make a case major, as records the lab edits.

The seven criteria the module always had keep their check boxes on the case
(the external API reads and writes them): each is the record whose
`case_field` names it, and the box and the record stay in step both ways.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .quality_complaint import MAJOR_CRITERIA


class QualityComplaintMajorCriterion(models.Model):
    _name = "quality.complaint.major.criterion"
    _description = "Major-case criterion"
    _order = "sequence, id"

    # === FIELDS === #

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    case_field = fields.Char(
        string="Check box on the case",
        readonly=True,
        help="The case's own check box for this criterion, kept for the external API.",
    )

    _case_field_unique = models.UniqueIndex(
        "(case_field) WHERE case_field IS NOT NULL", "Each check box of the case is one criterion."
    )

    # === CONSTRAINT METHODS === #

    @api.constrains("case_field")
    def _check_case_field(self):
        for criterion in self:
            if criterion.case_field and criterion.case_field not in MAJOR_CRITERIA:
                raise ValidationError(self.env._("%s is no check box of the case.", criterion.case_field))

    # === CRUD METHODS === #

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = (
            self.env["quality.complaint"]
            .sudo()
            .search_count([("major_criterion_ids", "in", self.ids)], limit=1)
        )
        if used or any(self.mapped("case_field")):
            raise UserError(
                self.env._(
                    "This criterion was met by cases or is one of the case's check boxes: archive it instead."
                )
            )

    # === BUSINESS METHODS === #

    @api.model
    def _qc_boxed(self):
        """{check box of the case: its criterion}, archived criteria included."""
        criteria = self.sudo().with_context(active_test=False).search([("case_field", "!=", False)])
        return {criterion.case_field: criterion for criterion in criteria}

    @api.model
    def _qc_link_case_boxes(self):
        """Cases whose check boxes were ticked before the criteria were records
        get the matching criteria: one statement per check box, whatever the
        number of cases (the data file calls it on every update)."""
        for name, criterion in self._qc_boxed().items():
            self.env.cr.execute(
                SQL(
                    "INSERT INTO quality_complaint_major_criterion_rel (complaint_id, criterion_id) "
                    "SELECT id, %s FROM quality_complaint WHERE %s ON CONFLICT DO NOTHING",
                    criterion.id,
                    SQL.identifier(name),
                )
            )
        self.env["quality.complaint"].invalidate_model(["major_criterion_ids"])


# Apart from the case's core model: next to the criteria it keeps in step.
class QualityComplaint(models.Model):
    _inherit = "quality.complaint"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #

    major_criterion_ids = fields.Many2many(
        "quality.complaint.major.criterion",
        "quality_complaint_major_criterion_rel",
        "complaint_id",
        "criterion_id",
        string="Major case criteria",
        tracking=True,
        help="Any criterion met makes the case major: top management approves its handling plan.",
    )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        # Looked up only when a case is registered with criteria: most are not.
        boxed = (
            self.env["quality.complaint.major.criterion"]._qc_boxed()
            if any("major_criterion_ids" in vals or set(vals) & set(MAJOR_CRITERIA) for vals in vals_list)
            else {}
        )
        for vals in vals_list:
            if "major_criterion_ids" in vals:
                ids = self._qc_linked_ids([], vals["major_criterion_ids"])
                vals.update({name: criterion.id in ids for name, criterion in boxed.items()})
            elif any(vals.get(name) for name in boxed):
                vals["major_criterion_ids"] = [
                    fields.Command.link(criterion.id) for name, criterion in boxed.items() if vals.get(name)
                ]
        return super().create(vals_list)

    def write(self, vals):
        if not ({"major_criterion_ids", *MAJOR_CRITERIA} & set(vals)):
            return super().write(vals)
        boxed = self.env["quality.complaint.major.criterion"]._qc_boxed()
        if "major_criterion_ids" not in vals and set(vals) & set(boxed):
            vals = dict(
                vals,
                major_criterion_ids=[
                    fields.Command.link(criterion.id) if vals[name] else fields.Command.unlink(criterion.id)
                    for name, criterion in boxed.items()
                    if name in vals
                ],
            )
        result = super().write(vals)
        if "major_criterion_ids" in vals:
            for case in self:
                boxes = {name: criterion in case.major_criterion_ids for name, criterion in boxed.items()}
                changed = {name: value for name, value in boxes.items() if case[name] != value}
                if changed:
                    super(QualityComplaint, case).write(changed)
        return result

    # === BUSINESS METHODS === #

    def _qc_meets_major_criterion(self):
        """Whether the case meets a major-case criterion: a record, or a check box of earlier versions."""
        self.ensure_one()
        return any(self[name] for name in MAJOR_CRITERIA) or bool(self.major_criterion_ids)
