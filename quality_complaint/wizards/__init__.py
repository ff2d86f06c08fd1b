from . import quality_complaint_reason_wizard
