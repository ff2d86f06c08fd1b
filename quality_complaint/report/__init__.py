from . import (
    quality_complaint_analysis,
    quality_complaint_dashboard,
    quality_complaint_dashboard_device,
    quality_complaint_record_report,
    quality_department_score,
)
