import { Component, onWillStart, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { ComplaintChart } from "./complaint_chart";

const MODEL = "quality.complaint.dashboard";

/**
 * The complaint dashboard: tiles of the open work, each opening its list, and
 * the figures and charts of a period. Everything comes from one call,
 * quality.complaint.dashboard.get_overview, computed as the user in the
 * companies selected.
 */
export class ComplaintDashboard extends Component {
    static template = "quality_complaint.ComplaintDashboard";
    static components = { Layout, ComplaintChart, Dropdown, DropdownItem };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.periods = [
            ["this_year", _t("This year")],
            ["last_12_months", _t("Last 12 months")],
            ["last_year", _t("Last year")],
        ];
        this.state = useState({ period: "this_year", overview: null });
        onWillStart(() => this.load());
    }

    async load(period = this.state.period) {
        const overview = await this.orm.call(MODEL, "get_overview", [period]);
        Object.assign(this.state, { period, overview });
    }

    openTile(tile) {
        return this.actionService.doAction(tile.action);
    }

    async print(report) {
        const action = await this.orm.call(MODEL, "action_print_period", [report, this.state.period]);
        return this.actionService.doAction(action);
    }

    async openAnalysis() {
        const action = await this.orm.call(MODEL, "action_open_period_analysis", [this.state.period]);
        return this.actionService.doAction(action);
    }
}

registry.category("actions").add("quality_complaint.dashboard", ComplaintDashboard);
