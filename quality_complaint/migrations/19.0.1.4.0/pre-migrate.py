# The dashboard used to be a server action reached at /odoo/complaint-dashboard;
# it is a client action now, under the same address. Paths are unique across
# all actions, and the old one is only removed at the end of the upgrade:
# its path is given up first, so that the new action can take it.
OLD_DASHBOARD = "action_quality_complaint_dashboard"


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_act_server
           SET path = NULL
         WHERE id IN (
                SELECT res_id FROM ir_model_data
                 WHERE module = 'quality_complaint' AND name = %s AND model = 'ir.actions.server'
               )
        """,
        [OLD_DASHBOARD],
    )
