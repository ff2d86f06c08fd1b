from odoo import models


class QualityGroupedViewMixin(models.AbstractModel):
    """Grouped views (pivot, graph, grouped lists) of models read over years of records.

    The web client labels every group of a grouped read: a month through
    babel and the user's time zone, a category through its display name.
    Odoo labels them group by group, so that a pivot of months by categories
    formats the same month once per category, which costs more than the
    query itself. Here each value of a grouping is labelled once per read.
    """

    _name = "quality.grouped.view.mixin"
    _description = "Grouped views labelled once per value"

    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        formatter = super()._web_read_group_groupby_formatter(groupby_spec, values)
        formatted = {}

        def formatter_once_per_value(value):
            # The label and the domain depend on the value alone: the
            # formatter is made for one grouping, field, language and zone.
            if value not in formatted:
                formatted[value] = formatter(value)
            return formatted[value]

        return formatter_once_per_value
