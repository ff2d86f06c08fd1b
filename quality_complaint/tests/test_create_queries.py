from odoo.tests import tagged

from .common import ComplaintCase, finish_intake


@tagged("post_install", "-at_install")
class TestCreateQueries(ComplaintCase):
    """What registering a case costs in queries, as customer service does it:
    its routed role told, its deadlines, identity and trail written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A role of its own: the demo's members of customer service (and their
        # languages, one notice each) would make the count depend on the demo.
        role = cls.env["res.groups"].create(
            {"name": "Complaint intake", "user_ids": cls.users["customer_service"].ids}
        )
        cls.category = cls.env["quality.complaint.category"].create(
            {"name": "Routed to a role", "routing_group_id": role.id}
        )

    def _values(self, index=0):
        return {
            "description": f"The lead content in report R-{index} is wrong.",
            "summary": "Lead content disputed",
            "channel": "phone",
            "category_id": self.category.id,
            "partner_id": self.customer.id,
            "complainant_name": "Ms. Li",
            "complainant_email": "li@huaxin.example",
            "report_ref": f"R-{index}",
        }

    def _register(self, count):
        Complaint = self.as_role("customer_service")
        Complaint.create([self._values(index) for index in range(count)])
        self.env.flush_all()

    def test_one_case(self):
        self._register(1)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=QUERIES_ONE):
            self._register(1)

    def test_batch_of_cases(self):
        self._register(1)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=QUERIES_BATCH):
            self._register(BATCH)
        cases = self.Complaint.search([("category_id", "=", self.category.id)])
        self.assertEqual(len(cases), BATCH + 1)
        self.assertEqual(len(set(cases.mapped("name"))), BATCH + 1, "every case has its own reference")

    def test_the_intake_job_costs_the_same_for_a_burst_of_any_size(self):
        def job_queries(count):
            self._register(count)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            finish_intake(self.env)
            return self.cr.sql_log_count - before

        job_queries(BATCH)  # warm-up: the cached lookups
        # One scoring query, one notice per reader language, one write: whatever the number of cases.
        self.assertEqual(job_queries(2 * BATCH), job_queries(BATCH))

    def test_the_notice_to_handlers_leaves_the_customer_contact_alone(self):
        # Portal would give the customer, who does not receive the notice, a
        # signup token: a write of their contact for every case registered.
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        self._register(1)
        case = self.Complaint.search([("category_id", "=", self.category.id)])
        finish_intake(self.env)
        notice = self.env["mail.message"].search(
            [("model", "=", case._name), ("res_id", "=", case.id), ("message_type", "=", "user_notification")]
        )
        self.assertEqual(notice.partner_ids, self.users["customer_service"].partner_id)
        self.assertFalse(self.customer.sudo().signup_type)


BATCH = 10
# Measured. A batch shares its lookups (routing group, deadline terms,
# calendar); each case still writes its own row, identity and trail message.
# The duplicate check and the routed role's notice are the intake job's.
QUERIES_ONE = 18
QUERIES_BATCH = 40
