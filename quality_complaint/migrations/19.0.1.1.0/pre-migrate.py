# The case form, the case search view and the settings form are each one
# view record now. Their former extensions would be applied on top of the
# merged views until the end of the update (when Odoo removes records no
# longer in the data files), adding every page and field twice: remove them
# before the views are loaded.
OBSOLETE_VIEWS = (
    "quality_complaint_view_form_investigation",
    "quality_complaint_view_form_public",
    "quality_complaint_view_search_public",
    "res_config_settings_view_form_public",
)


def migrate(cr, version):
    cr.execute(
        """
        WITH obsolete AS (
            DELETE FROM ir_model_data
             WHERE module = 'quality_complaint' AND model = 'ir.ui.view' AND name IN %s
         RETURNING res_id
        )
        DELETE FROM ir_ui_view WHERE id IN (SELECT res_id FROM obsolete)
        """,
        [OBSOLETE_VIEWS],
    )
