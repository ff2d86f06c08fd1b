import { registry } from "@web/core/registry";
import { WarningDialog } from "@web/core/errors/error_dialogs";

// The step engine's refusal is a UserError: show its message as such, not as
// a server error behind "See technical details".
registry
    .category("error_dialogs")
    .add("odoo.addons.quality_complaint.models.quality_workflow_mixin.StepRequired", WarningDialog);
