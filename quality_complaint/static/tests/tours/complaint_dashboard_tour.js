import { registry } from "@web/core/registry";

const CASE = "Tour: overdue case";

registry.category("web_tour.tours").add("quality_complaint_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard opens on its tiles",
            trigger: ".o_qc_dashboard .o_qc_tile_overdue .o_qc_tile_value",
        },
        {
            content: "Its title is the dashboard's, not a record's",
            trigger: ".o_breadcrumb:contains(Complaint dashboard)",
        },
        {
            content: "The monthly chart is drawn",
            trigger: ".o_qc_chart_card[data-chart='monthly'] canvas",
        },
        {
            content: "A quality manager has decisions to approve",
            trigger: ".o_qc_tile_approval",
        },
        {
            content: "Show last year",
            trigger: ".o_qc_periods button[data-period='last_year']",
            run: "click",
        },
        {
            content: "Last year is shown",
            trigger: ".o_qc_periods button.active[data-period='last_year']",
        },
        {
            content: "Open the overdue cases",
            trigger: ".o_qc_tile_overdue",
            run: "click",
        },
        {
            content: "The list shows the overdue case",
            trigger: `.o_list_view .o_data_row:contains(${CASE})`,
        },
        {
            content: "The list is titled after the tile",
            trigger: ".o_breadcrumb .active:contains(Overdue cases)",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb a:contains(Complaint dashboard)",
            run: "click",
        },
        {
            content: "The dashboard is back",
            trigger: ".o_qc_dashboard .o_qc_tiles",
        },
    ],
});
