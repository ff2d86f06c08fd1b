from odoo import SUPERUSER_ID, api

# The compared text of a case no longer repeats a summary that opens its
# description (the public form's cases): recomputed for those cases, so that
# earlier and new cases are compared alike.
REPEATED_SUMMARY = """
    SELECT id FROM quality_complaint
     WHERE summary <> '' AND description IS NOT NULL
       AND left(description, length(summary)) = summary
"""


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(REPEATED_SUMMARY)
    cases = env["quality.complaint"].browse([row[0] for row in cr.fetchall()])
    env.add_to_compute(cases._fields["duplicate_text"], cases)
    cases.flush_recordset(["duplicate_text"])
