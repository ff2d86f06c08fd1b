from odoo import api, fields, models
from odoo.exceptions import ValidationError


class QualityCorrectiveAction(models.Model):
    _inherit = "quality.corrective.action"

    source = fields.Selection(
        selection_add=[("analysis_meeting", "Complaint analysis meeting")],
        ondelete={"analysis_meeting": "set default"},
    )
    meeting_id = fields.Many2one(
        "quality.complaint.meeting",
        string="Analysis meeting",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        readonly=True,
    )

    @api.model
    def _selection_source_record(self):
        return [
            *super()._selection_source_record(),
            ("quality.complaint.meeting", self.env._("Analysis meeting")),
        ]

    @api.constrains("source", "meeting_id")
    def _check_meeting_link(self):
        for capa in self:
            if capa.source == "analysis_meeting" and not capa.meeting_id:
                raise ValidationError(
                    self.env._(
                        "%s comes from an analysis meeting: create it from the minutes.", capa.display_name
                    )
                )
