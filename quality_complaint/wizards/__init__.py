from . import (
    quality_complaint_cluster_dismiss,
    quality_complaint_evidence_wizard,
    quality_complaint_holiday_wizard,
    quality_complaint_qr_label_wizard,
    quality_complaint_reason_wizard,
    quality_complaint_register_wizard,
    quality_complaint_register_wizard_device,
    quality_complaint_signature_wizard,
    quality_corrective_action_effectiveness,
)
