import { Component, onWillStart, useEffect, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { cookie } from "@web/core/browser/cookie";
import { getCustomColor } from "@web/core/colors/colors";

/**
 * One chart of the dashboard, drawn with Odoo's Chart.js from a definition of
 * quality.complaint.dashboard._qc_charts: the PDFs draw the same definitions
 * on the server.
 */
export class ComplaintChart extends Component {
    static template = "quality_complaint.ComplaintChart";
    static props = { chart: Object };

    setup() {
        this.canvasRef = useRef("canvas");
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => {
                const chart = this.props.chart.empty ? null : new Chart(this.canvasRef.el, this.config);
                return () => chart?.destroy();
            },
            () => [this.props.chart]
        );
    }

    get config() {
        const { type, labels, datasets, percent } = this.props.chart;
        const scheme = cookie.get("color_scheme");
        const grid = getCustomColor(scheme, "#e3e5e8", "#3C3E4B");
        const text = getCustomColor(scheme, "#374151", "#E4E4E4");
        const horizontal = type === "hbar";
        const valueAxis = {
            beginAtZero: true,
            grid: { color: grid },
            ticks: {
                color: text,
                precision: 0,
                callback: percent ? (value) => `${value} %` : undefined,
            },
            max: percent ? 100 : undefined,
        };
        const labelAxis = { grid: { display: false }, ticks: { color: text, autoSkip: !horizontal } };
        return {
            type: type === "line" ? "line" : "bar",
            data: {
                labels,
                datasets: datasets.map((dataset) => ({
                    label: dataset.label,
                    data: dataset.data,
                    backgroundColor: dataset.color,
                    borderColor: dataset.color,
                    borderWidth: type === "line" ? 2 : 0,
                    pointRadius: 3,
                    spanGaps: false,
                    // points at 100 % are drawn whole, above the top of the axis
                    clip: false,
                })),
            },
            options: {
                indexAxis: horizontal ? "y" : "x",
                maintainAspectRatio: false,
                animation: false,
                layout: { padding: { top: 6 } },
                plugins: {
                    legend: {
                        display: datasets.length > 1,
                        position: "top",
                        labels: { color: text, boxWidth: 12 },
                    },
                    tooltip: {
                        callbacks: percent
                            ? { label: (item) => `${item.dataset.label}: ${item.parsed.y.toFixed(1)} %` }
                            : {},
                    },
                },
                scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
            },
        };
    }
}
