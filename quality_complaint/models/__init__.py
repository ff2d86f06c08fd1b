from . import (
    ir_attachment,
    quality_complaint,
    quality_complaint_category,
    quality_complaint_deadline_policy,
    quality_complaint_department,
    quality_complaint_extra_workday,
    quality_complaint_hold,
    quality_complaint_identity,
    quality_complaint_urging,
    res_config_settings,
    res_partner,
    resource_calendar,
)
