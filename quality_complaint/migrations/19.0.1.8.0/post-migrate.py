from odoo.tools.sql import drop_index

# In 19.0.1.4.0 the duplicate check searched the compared text through a
# trigram index; since 19.0.1.5.0 it compares the company's latest cases only,
# and the field asks for no index. Odoo keeps the index of a field that no longer
# asks for one: on a case's row, extracting the trigrams of its whole text
# again made up about a third of every write that PostgreSQL cannot do in
# place (a step, the overdue flag).
OLD_TEXT_INDEX = "quality_complaint__duplicate_text_index"


def migrate(cr, version):
    drop_index(cr, OLD_TEXT_INDEX, "quality_complaint")
