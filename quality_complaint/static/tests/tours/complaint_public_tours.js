import { registry } from "@web/core/registry";

// From the QR code of a test report: the report number is signed and read-only.
registry.category("web_tour.tours").add("quality_complaint_qr_form", {
    steps: () => [
        {
            content: "The report number comes from the QR code and cannot be changed",
            trigger: "input[name='report'][readonly][value='R-2026-0042']",
        },
        {
            content: "Describe the problem",
            trigger: "textarea[name='description']",
            run: "edit The lead content in the report seems ten times too high.",
        },
        {
            content: "Say what we ask for",
            trigger: "textarea[name='complainant_request']",
            run: "edit Please re-test the retained sample.",
        },
        {
            content: "Name",
            trigger: "input[name='complainant_name']",
            run: "edit Li Na",
        },
        {
            content: "E-mail",
            trigger: "input[name='complainant_email']",
            run: "edit li.na@example.com",
        },
        {
            content: "Consent to the privacy notice",
            trigger: "input[name='privacy_consent']",
            run: "check",
        },
        {
            content: "Send",
            trigger: "button.o_qc_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The tracking page confirms the registration",
            trigger: ".o_qc_submitted:contains('registered under the reference')",
        },
        {
            content: "and shows the state in plain words",
            trigger: ".o_qc_state",
        },
    ],
});

// A customer answers a satisfaction survey through the personal link.
registry.category("web_tour.tours").add("quality_complaint_survey_answer", {
    steps: () => [
        {
            content: "Rate the first item 5",
            trigger: ".o_qc_question:eq(0) label:contains('5')",
            run: "click",
        },
        {
            content: "Rate the second item 2",
            trigger: ".o_qc_question:eq(1) label:contains('2')",
            run: "click",
        },
        {
            content: "Suggest something",
            trigger: "textarea[name='suggestion']",
            run: "edit Please answer the phone faster.",
        },
        {
            content: "Send the answers",
            trigger: "button.o_qc_survey_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thank-you message",
            trigger: ".o_qc_survey_thanks",
        },
    ],
});
