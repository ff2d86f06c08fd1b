import { registry } from "@web/core/registry";

const CASE = "Tour: lead content disputed";
const NOTE = "Called the customer back about the re-test.";
const NEW_CARD = `.o_kanban_group:has(.o_column_title:contains(New)) .o_kanban_record:contains(${CASE})`;

registry.category("web_tour.tours").add("quality_complaint_kanban_tour", {
    steps: () => [
        {
            content: "The board shows the open cases by state",
            trigger: ".o_kanban_view .o_kanban_group[data-id] .o_column_title:contains(New)",
        },
        {
            content: "Try to drag the new case to the next column",
            trigger: NEW_CARD,
            run: "drag_and_drop(.o_kanban_group:has(.o_column_title:contains(Acknowledged)))",
        },
        {
            content: "The card stays in its column: a case moves only through its steps",
            trigger: NEW_CARD,
        },
        {
            content: "No write was attempted, so no error is shown",
            trigger: "body:not(:has(.o_error_dialog))",
        },
        {
            content: "Open the new case",
            trigger: NEW_CARD,
            run: "click",
        },
        {
            content: "It is new",
            trigger: ".o_statusbar_status [aria-checked='true']:contains(New)",
        },
        {
            content: "Open the triage page",
            trigger: ".o_notebook a[name='triage']",
            run: "click",
        },
        {
            content: "The case concerns the lab's activities",
            trigger: ".o_field_widget[name='concerns_lab'] input[data-value='yes']",
            run: "click",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_form_statusbar button[name='action_acknowledge']",
            run: "click",
        },
        {
            content: "It is acknowledged",
            trigger: ".o_statusbar_status [aria-checked='true']:contains(Acknowledged)",
        },
        {
            content: "The next step is offered",
            trigger: ".o_form_statusbar button[name='action_start_investigation']",
        },
        {
            content: "Write a message in the chatter",
            trigger: ".o-mail-Chatter button:contains(Send message)",
            run: "click",
        },
        {
            trigger: ".o-mail-Chatter .o-mail-Composer-input",
            run: `edit ${NOTE}`,
        },
        {
            trigger: ".o-mail-Chatter .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is on the case",
            trigger: `.o-mail-Message-body:contains(${NOTE})`,
        },
    ],
});
