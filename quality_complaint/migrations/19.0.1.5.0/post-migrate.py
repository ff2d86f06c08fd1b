from odoo.tools.sql import drop_index

# The state's own index gave way to (state, severity) INCLUDE (company_id),
# which answers the board's counts from the index alone. Odoo keeps the index
# of a field that no longer asks for one: it would only slow every write.
OLD_STATE_INDEX = "quality_complaint__state_index"


def migrate(cr, version):
    drop_index(cr, OLD_STATE_INDEX, "quality_complaint")
