from odoo.tests import tagged
from odoo.tools.sql import index_exists

from .common import ComplaintCase, load_migration


@tagged("post_install", "-at_install")
class TestUpgradeTo19014(ComplaintCase):
    """What upgrading a 19.0.1.3.0 database does to the records it kept."""

    def test_the_old_dashboard_action_gives_up_its_address(self):
        dashboard = self.env.ref("quality_complaint.action_quality_complaint_overview")
        old = self.env["ir.actions.server"].create(
            {
                "name": "Dashboard",
                "model_id": self.env.ref("quality_complaint.model_quality_complaint").id,
                "state": "code",
                "code": "action = {}",
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "quality_complaint",
                "name": "action_quality_complaint_dashboard",
                "model": old._name,
                "res_id": old.id,
            }
        )
        # As the old database has it: the address the client action takes on upgrade.
        path = dashboard.path
        dashboard.path = False
        old.path = path
        self.env.flush_all()
        load_migration("19.0.1.4.0", "pre-migrate").migrate(self.env.cr, "19.0.1.3.0")
        old.invalidate_recordset(["path"])
        self.assertFalse(old.path)
        dashboard.path = path
        self.assertEqual(dashboard.path, "complaint-dashboard")

    def test_the_reworded_end_notice_template_gets_its_signed_pdf(self):
        template = self.env.ref("quality_complaint.mail_template_end_notice")
        notice = self.env.ref("quality_complaint.action_report_end_notice")
        lab_own = self.env.ref("quality_complaint.action_report_reply_letter")
        # As a 19.0.1.3.0 database has it, after the lab reworded it.
        template.write({"report_template_ids": [(6, 0, lab_own.ids)], "subject": "Our own words"})
        load_migration("19.0.1.4.0").migrate(self.env.cr, "19.0.1.3.0")
        template.invalidate_recordset(["report_template_ids"])
        self.assertEqual(template.report_template_ids, lab_own | notice)
        self.assertEqual(template.subject, "Our own words")


@tagged("post_install", "-at_install")
class TestUpgradeTo19015(ComplaintCase):
    """What upgrading a 19.0.1.4.0 database does."""

    def test_the_state_index_gives_way_to_the_board_counts_index(self):
        # As a 19.0.1.4.0 database has it.
        self.env.cr.execute('CREATE INDEX "quality_complaint__state_index" ON quality_complaint (state)')
        load_migration("19.0.1.5.0").migrate(self.env.cr, "19.0.1.4.0")
        self.assertFalse(index_exists(self.env.cr, "quality_complaint__state_index"))
        self.assertTrue(index_exists(self.env.cr, "quality_complaint_state_severity_idx"))


@tagged("post_install", "-at_install")
class TestUpgradeTo19018(ComplaintCase):
    """What upgrading a 19.0.1.7.0 database does."""

    def test_the_compared_text_loses_the_trigram_index_no_search_uses(self):
        # As a database installed at 19.0.1.4.0 has it.
        self.env.cr.execute(
            'CREATE INDEX "quality_complaint__duplicate_text_index" ON quality_complaint '
            "USING gin (duplicate_text gin_trgm_ops)"
        )
        load_migration("19.0.1.8.0").migrate(self.env.cr, "19.0.1.7.0")
        self.assertFalse(index_exists(self.env.cr, "quality_complaint__duplicate_text_index"))
        # The index the description's search uses stays.
        self.assertTrue(index_exists(self.env.cr, "quality_complaint__description_index"))
