from odoo import models

from ..models.quality_complaint_device_mixin import REGULATORY_GROUP
from ..models.quality_complaint_regulatory import DEVICE_REGISTER_COLUMNS


class QualityComplaintRegisterWizard(models.TransientModel):
    _inherit = "quality.complaint.register.wizard"

    def _complaint_rows(self):
        model_name, columns, cases = super()._complaint_rows()
        if self.env.user.has_group(REGULATORY_GROUP):
            columns = (*columns, *DEVICE_REGISTER_COLUMNS)
        return model_name, columns, cases
