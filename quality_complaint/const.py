"""Selections and settings shared by the models, reports, wizards and controllers."""

# === Case === #
KINDS = [
    ("complaint", "Complaint"),
    ("appeal", "Appeal / objection"),
    ("grievance", "Grievance"),
    ("suggestion", "Suggestion"),
    # Staff punished for a complaint (打击报复): handled by top management.
    ("retaliation", "Retaliation report"),
]
CHANNELS = [
    ("phone", "Phone"),
    ("walk_in", "Walk-in / oral"),
    ("letter", "Letter"),
    ("fax", "Fax"),
    ("email", "E-mail"),
    ("web", "Web form"),
    ("portal", "Customer portal"),
    ("survey", "Satisfaction survey"),
    ("consumer_org", "Consumer association"),
    ("media", "Media"),
    ("authority", "Accreditation body / regulator"),
    ("internal", "Internal report"),
]
SEVERITIES = [
    ("minor", "Minor"),
    ("general", "General"),
    ("major", "Major"),
    ("critical", "Critical"),
]
SEVERITY_RANK = {key: rank for rank, (key, _label) in enumerate(SEVERITIES)}
STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("investigation", "Investigation"),
    ("on_hold", "On hold"),
    ("decision", "Decision"),
    ("approved", "Approved"),
    ("replied", "Replied"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
INVALID_REASONS = [
    ("misunderstanding", "Misunderstanding"),
    ("not_responsible", "Not the lab's responsibility"),
    ("malicious", "Malicious"),
    ("out_of_time", "Out of time"),
    ("not_lab_activity", "Not a lab activity"),
]
REPLY_METHODS = [
    ("email", "E-mail"),
    ("post", "Post"),
    ("fax", "Fax"),
    ("phone", "Phone"),
    ("in_person", "In person"),
]
FOLDED_STATES = ("closed", "cancelled")
# How a deadline term is counted (the unit of each term of a deadline policy).
TERM_UNITS = [
    ("working_days", "Working days"),
    ("working_hours", "Working hours"),
    ("clock_hours", "Clock hours"),
]
# Where the objection window of a report starts.
OBJECTION_STARTS = [
    ("report_received", "Customer's receipt of the report"),
    ("collection_end", "End of the report collection period"),
]
OPEN_STATES = ("new", "acknowledged", "investigation", "on_hold", "decision", "approved", "replied")

# === Customer inquiry === #
INQUIRY_TOPICS = [
    ("service", "Service"),
    ("capability", "Testing capability"),
    ("price", "Price and quotation"),
    ("quick_item", "Quick item"),
    ("potential_project", "Potential project"),
    ("other", "Other"),
]
INQUIRY_STATES = [
    ("new", "New"),
    ("answered", "Answered"),
    ("converted", "Turned into a case or CAPA"),
    ("cancelled", "Cancelled"),
]
INQUIRY_OPEN_STATES = ("new",)

# === Investigation === #
FISHBONE_CATEGORIES = [
    ("man", "Man (people)"),
    ("machine", "Machine (equipment)"),
    ("material", "Material (samples, reagents)"),
    ("method", "Method"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
]
CONTACT_METHODS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("visit", "Visit / meeting"),
    ("letter", "Letter"),
    ("other", "Other"),
]
# People from outside the lab who investigate or decide cases (partners, not users).
OUTSIDE_ROLES = [
    ("expert", "External expert"),
    ("arbitration", "Independent arbitration body"),
]
# Case states in which its evidence is still being gathered.
INVESTIGATING_STATES = ("acknowledged", "investigation", "on_hold")

# === Audit trail === #
# Records whose chatter, tracking values and files are an append-only trail
# (ISO/IEC 17025 7.5, 8.4): nobody deletes or rewrites them.
AUDITED_MODELS = frozenset(
    {
        "quality.complaint",
        "quality.complaint.investigation",
        "quality.complaint.retest",
        "quality.nonconforming.work",
        "quality.corrective.action",
        # An issued evidence pack keeps its file as issued.
        "quality.complaint.evidence.pack",
    }
)

# === Satisfaction === #
SATISFIED_FROM = 4  # a 4 or a 5 counts as satisfied (单项满意率)

# === Roles === #
# The roles that take the workflow's steps (Step.groups), by XML id.
DEPARTMENT = ("quality_complaint.group_department",)
CUSTOMER_SERVICE = ("quality_complaint.group_customer_service",)
QUALITY_SUPERVISOR = ("quality_complaint.group_quality_supervisor",)
TECHNICAL_MANAGER = ("quality_complaint.group_technical_manager",)
QUALITY_MANAGER = ("quality_complaint.group_quality_manager",)
TOP_MANAGEMENT = ("quality_complaint.group_top_management",)
RECORDS_ADMIN = ("quality_complaint.group_records_admin",)

# === Settings === #
# Defaults of the complaint settings, while a company has not set them (its
# quality.complaint.settings record, whose fields bear these names) or while a
# database-wide key is unset.
PARAM_DEFAULTS = {
    "objection_window_days": 15,
    "explanation_days": 5,
    "authority_months": 2,
    "followup_days": 7,
    "escalation_days": 2,
    "similar_months": 12,
    "duplicate_threshold": 50,
    "retention_years": 5,
    "retest_fee": 0.0,
    "capa_reminder_days": 3,
    "public_rate_count": 5,
    "public_rate_minutes": 10,
    "public_max_files": 5,
    "public_max_file_mb": 10,
    "public_extensions": "pdf,jpg,jpeg,png,gif,webp,heic,doc,docx,xls,xlsx,txt",
    "onsite_return_days": 15,
    "survey_reminder_days": 7,
    "survey_reminder_max": 2,
    # Off: whoever decides a case never approves it too (four-eyes principle).
    "decider_may_approve": False,
    # Signed steps: the signer types their password at the step (electronic signature).
    "sign_approval": True,
    "sign_reply": True,
    "sign_close": False,
    "sign_effectiveness": False,
    "mail_authserv_id": "",
    # Nonconforming work classified in two levels (general, serious) or three (with moderate).
    "nonconformity_levels": "2",
    # Device makers: days from awareness to the report to the regulator
    # (NMPA order 1, article 25: death 7 days, serious injury 20 days).
    "adverse_event_death_days": 7,
    "adverse_event_injury_days": 20,
    # Recurrence clusters: valid cases received over the last `cluster_days`
    # that share a report, method, product, lot, category or department (or
    # a near-identical description, pg_trgm similarity at least
    # `cluster_text_similarity`), `cluster_min_cases` or more of them, are
    # proposed to the quality manager as a corrective action or as
    # nonconforming work (`cluster_action`).
    "cluster_days": 90,
    "cluster_min_cases": 3,
    "cluster_text_similarity": 0.4,
    "cluster_action": "capa",
}
# Kept database-wide as system parameters `quality_complaint.<key>`, set by
# the administrator in Odoo's settings: what a LIMS, monitoring or a test sets
# directly (the API contract), and the one mail gateway of the database.
DATABASE_PARAMS = frozenset({"followup_days", "public_rate_count", "public_rate_minutes", "mail_authserv_id"})

# === Printed forms === #
# Control numbers (表格编号) in the footer of every page of each PDF, by report
# name, while the lab has not set its own (the system parameter
# `quality_complaint.form_number.<report>`, edited on the report).
FORM_NUMBERS = {
    "report_complaint_record": "QP-7.9-01",
    "report_reply_letter": "QP-7.9-02",
    "report_investigation": "QP-7.9-03",
    "report_retest": "QP-7.9-04",
    "report_statistics": "QP-7.9-05",
    "report_qr_labels": "QP-7.9-06",
    "report_complaint_poster": "QP-7.9-07",
    "report_end_notice": "QP-7.9-08",
    "report_satisfaction_analysis": "QP-8.6-01",
    "report_capa": "QP-8.7-01",
    "report_management_review": "QP-8.9-01",
    "report_evidence_pack": "QP-8.4-01",
    "report_evidence_pack_period": "QP-8.4-02",
    "report_amended_statement": "QP-7.8-01",
    "report_department_score": "QP-8.9-02",
    "report_customer_8d": "QP-8.2-01",
}
