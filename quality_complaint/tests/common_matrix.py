"""The fixture of the access and step matrices: a record of every model, a user per subject."""

from datetime import date, datetime

from odoo.tests import new_test_user

from .common import ROLES, ComplaintCase, finish_intake

# Who the matrices try: the eight roles, a member of a department with nothing assigned,
# a portal user of the customer and the public user.
SUBJECTS = (
    "department",
    "department_unassigned",
    "customer_service",
    "supervisor",
    "technical",
    "quality",
    "top",
    "auditor",
    "records",
    "portal",
    "public",
)


class MatrixCase(ComplaintCase):
    """A record of every model of the module, and one user per subject of the matrix."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = dict(cls.users)
        users["department_unassigned"] = new_test_user(
            cls.env, login="qc_department_other", groups=ROLES["department"], name="QC department, other"
        )
        users["portal"] = new_test_user(
            cls.env, login="qc_portal", groups="base.group_portal", name="QC portal"
        )
        users["portal"].partner_id.parent_id = cls.customer
        users["public"] = cls.env.ref("base.public_user")
        cls.subjects = users
        department, supervisor = users["department"], users["supervisor"]

        cls.case = cls._case(user_id=department.id)
        cls.case.concerns_lab = "yes"
        cls.case.with_user(users["customer_service"]).action_acknowledge()
        investigation = cls.env["quality.complaint.investigation"].create(
            {
                "complaint_id": cls.case.id,
                "lead_id": users["technical"].id,
                "investigator_ids": [(6, 0, (department | supervisor).ids)],
            }
        )
        capa = cls.env["quality.corrective.action"].create(
            {
                "title": "Late reports",
                "complaint_id": cls.case.id,
                "user_id": users["quality"].id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Add a reminder",
                            "responsible_id": department.id,
                            "due_date": date(2026, 4, 1),
                        },
                    )
                ],
            }
        )
        template = cls.env["quality.complaint.checklist.template"].create(
            {"name": "Matrix checklist", "line_ids": [(0, 0, {"name": "Raw data"})]}
        )
        question, rated = cls.env["quality.satisfaction.question"].create(
            [{"name": "Matrix item", "is_default": False}, {"name": "Rated item", "is_default": False}]
        )
        campaign = cls.env["quality.satisfaction.survey"]._qc_import_records(
            [{"name": "Matrix campaign", "question_ids": [(6, 0, rated.ids)], "state": "open"}]
        )
        response = cls.env["quality.satisfaction.response"].create(
            {"survey_id": campaign.id, "line_ids": [(0, 0, {"question_id": rated.id, "rating": 4})]}
        )
        cls.case.serious_injury = "yes"
        # A case as the desk finds it: its intake finished by the job.
        finish_intake(cls.env)
        cls.records = {
            "quality.complaint": cls.case,
            "quality.complaint.identity": cls.case.identity_id,
            "quality.complaint.inquiry": cls.env["quality.complaint.inquiry"].create(
                {"description": "Do you test dioxins?", "user_id": department.id}
            ),
            "quality.complaint.category": cls.env["quality.complaint.category"].create({"name": "Matrix"}),
            "quality.complaint.major.criterion": cls.env["quality.complaint.major.criterion"].create(
                {"name": "Matrix"}
            ),
            "quality.complaint.department": cls.env["quality.complaint.department"].create(
                {"name": "Matrix"}
            ),
            "quality.complaint.deadline.policy": cls.env["quality.complaint.deadline.policy"].create(
                {"name": "Matrix", "company_id": cls.company.id}
            ),
            "quality.complaint.extra.workday": cls.env["quality.complaint.extra.workday"].create(
                {"name": "Make-up day", "date": date(2026, 2, 14)}
            ),
            "quality.complaint.settings": cls.env["quality.complaint.settings"]._qc_of(cls.company),
            "quality.complaint.signature": cls.env["quality.complaint.signature"]._qc_record(
                cls.case, "approve", meaning="Matrix", role="", payload={}, authentication="python"
            ),
            "quality.complaint.signing.key": cls.env["quality.complaint.signing.key"]._qc_signing_key()[0],
            "quality.complaint.checklist.template": template,
            "quality.complaint.checklist.template.line": template.line_ids,
            "quality.satisfaction.question": question,
            "quality.complaint.hold": cls.env["quality.complaint.hold"]._qc_import_records(
                [
                    {
                        "complaint_id": cls.case.id,
                        "reason": "Waiting for the sample",
                        "start": datetime(2026, 3, 3),
                    }
                ]
            ),
            "quality.complaint.urging": cls.env["quality.complaint.urging"].create(
                {
                    "complaint_id": cls.case.id,
                    "company_id": cls.case.company_id.id,
                    "deadline_type": "reply_deadline",
                    "deadline": datetime(2026, 3, 20),
                    "user_id": department.id,
                }
            ),
            "quality.complaint.analysis": cls.env["quality.complaint.analysis"].browse(cls.case.id),
            "quality.complaint.investigation": investigation,
            "quality.complaint.investigation.check": cls.env["quality.complaint.investigation.check"].create(
                {"investigation_id": investigation.id, "name": "Calibration"}
            ),
            "quality.complaint.investigation.contact": cls.env[
                "quality.complaint.investigation.contact"
            ].create({"investigation_id": investigation.id, "summary": "Called the customer."}),
            "quality.complaint.retest": cls.env["quality.complaint.retest"].create(
                {"complaint_id": cls.case.id, "retained_sample_ref": "LY-1"}
            ),
            "quality.nonconforming.work": cls.env["quality.nonconforming.work"].create(
                {"complaint_id": cls.case.id, "description": "Report sent late."}
            ),
            "quality.corrective.action": capa,
            "quality.complaint.cluster": cls.env["quality.complaint.cluster"]
            ._qc_step("gather")
            .create(
                {
                    "company_id": cls.env.company.id,
                    "key_field": "report_ref",
                    "key_text": "R-1",
                    "complaint_ids": [(6, 0, cls.case.ids)],
                    "case_count": 1,
                }
            ),
            "quality.corrective.action.line": capa.line_ids,
            "quality.satisfaction.survey": cls.env["quality.satisfaction.survey"].create(
                {"name": "Draft campaign"}
            ),
            "quality.satisfaction.response": response,
            "quality.satisfaction.response.line": response.line_ids,
            "quality.complaint.public.log": cls.env["quality.complaint.public.log"].create(
                {"ip": "203.0.113.9", "scope": "form", "window_start": datetime(2026, 3, 2, 2, 0)}
            ),
            "quality.complaint.redaction": cls.env["quality.complaint.redaction"]._qc_record(
                cls.case, 0, 0, 0
            ),
            "quality.complaint.evidence.pack": cls.env["quality.complaint.evidence.pack"]._qc_issue(
                datetime(2026, 1, 1).date(), datetime(2026, 3, 31).date(), cls.env.company
            ),
            "quality.complaint.process.version": cls.env["quality.complaint.process.version"].create(
                {"company_id": cls.env.company.id, "lang": "en_US", "text": "<p>Our process</p>"}
            ),
            "quality.complaint.adverse.event": cls.case.adverse_event_ids,
            "quality.complaint.device.action": cls.env["quality.complaint.device.action"].create(
                {"complaint_id": cls.case.id, "action_type": "return"}
            ),
            "quality.complaint.cost.line": cls.env["quality.complaint.cost.line"].create(
                {"complaint_id": cls.case.id, "name": "Courier", "amount": 20.0}
            ),
        }
        cls.records.update(cls._review_records())
        cls.campaign = campaign

    @classmethod
    def _review_records(cls):
        """Meetings, mediations, statements, publications, plans, visits and scores."""
        escalated = cls._case(state="acknowledged", description="Referred for mediation.")
        publication = cls.env["quality.complaint.publication"].create(
            {"name": "Matrix results", "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}
        )
        score = cls.env["quality.department.score"].create({"month": date(2026, 3, 1)})
        scored = cls.env["quality.complaint.department"].create({"name": "Matrix scored"})
        return {
            "quality.complaint.meeting": cls.env["quality.complaint.meeting"].create(
                {"name": "Matrix meeting", "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
            ),
            "quality.complaint.mediation": cls.env["quality.complaint.mediation"].create(
                {"complaint_id": escalated.id, "body": "hospital_office", "reason": "Not accepted."}
            ),
            "quality.complaint.amended.report": cls.env["quality.complaint.amended.report"].create(
                {
                    "complaint_id": escalated.id,
                    "original_report_ref": "R-1",
                    "amended_report_ref": "R-1-A",
                    "changes": "Result corrected.",
                    "reason": "Calculation error.",
                }
            ),
            "quality.complaint.publication": publication,
            "quality.complaint.publication.line": cls.env["quality.complaint.publication.line"].create(
                {"publication_id": publication.id, "kind": "complaint", "outcome": "valid", "count": 1}
            ),
            "quality.satisfaction.plan": cls.env["quality.satisfaction.plan"].create(
                {"name": "Matrix plan", "partner_ids": [(6, 0, cls.customer.ids)]}
            ),
            "quality.lab.visit": cls.env["quality.lab.visit"].create(
                {
                    "partner_id": cls.customer.id,
                    "visitor_names": "Ms. Li",
                    "purpose": "Audit.",
                    "planned_date": datetime(2026, 3, 10, 2, 0),
                    "areas": "Reception",
                }
            ),
            "quality.department.score": score,
            "quality.department.score.line": cls.env["quality.department.score.line"]
            ._qc_step("count")
            .create({"score_id": score.id, "department_id": scored.id}),
        }

    @classmethod
    def _case(cls, **values):
        return cls.Complaint._qc_import_records(
            [
                {
                    "description": "The report arrived late.",
                    "partner_id": cls.customer.id,
                    "complainant_name": "Ms. Li",
                    "received_date": datetime(2026, 3, 2, 2, 0),
                    "category_id": cls.env.ref("quality_complaint.category_turnaround").id,
                    **values,
                }
            ]
        )
