from odoo.tests import tagged

from .common import ComplaintCase


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


BATCH = 10
# Measured. A batch shares its lookups (routing group, deadline terms,
# calendar); each case still writes its own row, identity, trail message and
# notification to its routed role.
QUERIES_ONE = 37
QUERIES_BATCH = 167
