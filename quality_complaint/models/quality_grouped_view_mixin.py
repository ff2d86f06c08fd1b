from odoo import models

# The groupings whose label costs more than the value: a period through babel
# and the user's time zone, a record through its display name.
LABELLED_TYPES = ("date", "datetime", "many2one", "many2many")


class QualityGroupedViewMixin(models.AbstractModel):
    """Grouped views (pivot, graph, grouped lists) of models read over years of records.

    The web client labels every group of a grouped read. Odoo labels them
    group by group, so that a pivot of months by categories formats the
    same month once per category, which costs more than the query itself.
    Here each value of such a grouping is labelled once per read.
    """

    _name = "quality.grouped.view.mixin"
    _description = "Grouped views labelled once per value"

    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        formatter = super()._web_read_group_groupby_formatter(groupby_spec, values)
        field_name = groupby_spec.split(":")[0].split(".")[0]
        if self._fields[field_name].type not in LABELLED_TYPES:
            return formatter
        formatted = {}

        def formatter_once_per_value(value):
            # The label and the domain depend on the value alone: the
            # formatter is made for one grouping, field, language and zone.
            # (By type too: a weekday's 0 is not an empty date's False.)
            key = (type(value), value)
            if key not in formatted:
                formatted[key] = formatter(value)
            return formatted[key]

        return formatter_once_per_value
