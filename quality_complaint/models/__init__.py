# isort: off
# Mixins first, by name rather than by alphabetical luck: the registry builds a
# module's models in the order their classes are defined, and a model that
# inherits one not built yet fails to load. Cases and CAPA inherit the
# workflow mixin, the investigation records the evidence mixin, make-up days
# and public holidays the working-days mixin; the models read in pivots the
# grouped-view mixin.
from . import quality_workflow_mixin
from . import quality_grouped_view_mixin
from . import quality_complaint_evidence_mixin
from . import quality_working_days_mixin
from . import quality_complaint_device_mixin

# isort: on
from . import (
    ir_actions_report,
    ir_attachment,
    ir_http,
    mail_mail,
    mail_message,
    mail_thread,
    mail_tracking_value,
    quality_complaint,
    quality_complaint_adverse_event,
    quality_complaint_amended_report,
    quality_complaint_category,
    quality_complaint_checklist_template,
    quality_complaint_checklist_template_line,
    quality_complaint_cluster,
    quality_complaint_cost_line,
    quality_complaint_deadline_policy,
    quality_complaint_demo,
    quality_complaint_department,
    quality_complaint_device_action,
    quality_complaint_duplicate,
    quality_complaint_escalation,
    quality_complaint_evidence_pack,
    quality_complaint_extra_workday,
    quality_complaint_hold,
    quality_complaint_identity,
    quality_complaint_inquiry,
    quality_complaint_investigation,
    quality_complaint_investigation_check,
    quality_complaint_investigation_contact,
    quality_complaint_major_criterion,
    quality_complaint_mediation,
    quality_complaint_meeting,
    quality_complaint_outside,
    quality_complaint_process_version,
    quality_complaint_public,
    quality_complaint_public_log,
    quality_complaint_publication,
    quality_complaint_redaction,
    quality_complaint_regulatory,
    quality_complaint_retest,
    quality_complaint_settings,
    quality_complaint_settings_device,
    quality_complaint_signature,
    quality_complaint_signing,
    quality_complaint_signing_key,
    quality_complaint_staged_approval,
    quality_complaint_urging,
    quality_corrective_action,
    quality_corrective_action_line,
    quality_corrective_action_meeting,
    quality_corrective_action_signing,
    quality_lab_visit,
    quality_nonconforming_work,
    quality_satisfaction_plan,
    quality_satisfaction_question,
    quality_satisfaction_response,
    quality_satisfaction_response_line,
    quality_satisfaction_survey,
    quality_satisfaction_survey_plan,
    res_company,
    res_config_settings,
    res_groups,
    res_partner,
    resource_calendar,
    resource_calendar_attendance,
    resource_calendar_leaves,
)
