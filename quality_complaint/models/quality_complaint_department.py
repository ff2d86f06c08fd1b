from odoo import api, fields, models


class QualityComplaintDepartment(models.Model):
    """A responsible department (班组/科室) of the lab.

    Kept apart from hr.department so labs without the HR app can use the
    module; the leader is the handler's supervisor for urging notices.
    """

    _name = "quality.complaint.department"
    _description = "Responsible department"
    _order = "name"
    _check_company_auto = True

    # === FIELDS === #

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    leader_id = fields.Many2one("res.users", domain=[("share", "=", False)], check_company=True)
    member_ids = fields.Many2many(
        "res.users",
        "quality_complaint_department_member_rel",
        "department_id",
        "user_id",
        domain=[("share", "=", False)],
    )

    # === BUSINESS METHODS === #

    @api.model
    def _supervisors_of(self, users):
        """Return {user: supervisors}: their department leaders, else the quality
        managers, who are also those of nobody (a case without handler)."""
        departments = self.search([("member_ids", "in", users.ids)])
        quality_managers = self.env.ref("quality_complaint.group_quality_manager")._qc_active_users()
        supervisors = {self.env["res.users"]: quality_managers}
        for user in users:
            leaders = departments.filtered(lambda d, u=user: u in d.member_ids).leader_id - user
            supervisors[user] = leaders or (quality_managers - user)
        return supervisors
