"""The dashboard's charts drawn on the server, as PNG images for the PDFs.

wkhtmltopdf runs no Chart.js: the statistics and management-review PDFs embed
these images, drawn from the same chart definitions the web dashboard draws
(`quality.complaint.dashboard._qc_charts`).
"""

import base64
import io
import math
import threading

# Latin letters and digits in DejaVu Sans; matplotlib takes each glyph it lacks
# from the next font: Chinese from WenQuanYi Zen Hei (TrueType, the same font
# as the report text), else Noto Sans CJK, both installed by scripts/bootstrap.sh.
FONTS = ["DejaVu Sans", "WenQuanYi Zen Hei", "Noto Sans CJK JP"]
DPI = 200
WIDTH_CM, HEIGHT_CM = 8.6, 5.4

# matplotlib's font cache and settings are shared by the whole process:
# one chart at a time.
_lock = threading.Lock()


def _figure():
    from matplotlib import rcParams  # noqa: PLC0415 (imported on first use: it builds a font cache)
    from matplotlib.figure import Figure  # noqa: PLC0415

    rcParams.update(
        {
            "font.family": FONTS,
            "font.size": 7,
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#9AA0A6",
            "axes.grid": True,
            "axes.axisbelow": True,
            "grid.color": "#E3E5E8",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
        }
    )
    return Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI, layout="constrained")


def _values(dataset):
    return [math.nan if value is None else value for value in dataset["data"]]


def _integer_ticks(axis):
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


def _month_ticks(axes, labels):
    """Month labels under the x axis, slanted when there are many, each ending at its tick."""
    slanted = len(labels) > 6
    axes.set_xticks(
        range(len(labels)),
        labels,
        rotation=45 if slanted else 0,
        ha="right" if slanted else "center",
        rotation_mode="anchor",
    )
    axes.grid(axis="x", visible=False)


def _draw_bars(axes, spec):
    datasets = spec["datasets"]
    width = 0.8 / len(datasets)
    for index, dataset in enumerate(datasets):
        offset = (index - (len(datasets) - 1) / 2) * width
        positions = [position + offset for position in range(len(spec["labels"]))]
        axes.bar(positions, _values(dataset), width, label=dataset["label"], color=dataset["color"])
    _month_ticks(axes, spec["labels"])
    _integer_ticks(axes.yaxis)


def _draw_horizontal_bars(axes, spec):
    (dataset,) = spec["datasets"]
    axes.barh(range(len(spec["labels"])), _values(dataset), 0.6, color=dataset["color"])
    axes.set_yticks(range(len(spec["labels"])), spec["labels"])
    axes.invert_yaxis()  # the largest first, as on the dashboard
    axes.grid(axis="y", visible=False)
    _integer_ticks(axes.xaxis)


def _draw_lines(axes, spec):
    for dataset in spec["datasets"]:
        axes.plot(
            range(len(spec["labels"])),
            _values(dataset),
            marker="o",
            markersize=3,
            linewidth=1.4,
            label=dataset["label"],
            color=dataset["color"],
        )
    _month_ticks(axes, spec["labels"])
    if spec.get("percent"):
        from matplotlib.ticker import PercentFormatter  # noqa: PLC0415

        axes.set_ylim(0, 105)
        axes.yaxis.set_major_formatter(PercentFormatter(decimals=0))


DRAWERS = {"bar": _draw_bars, "hbar": _draw_horizontal_bars, "line": _draw_lines}


def chart_png(spec):
    """A data: URI of the PNG of one chart definition (see `_qc_charts`)."""
    buffer = io.BytesIO()
    with _lock:
        figure = _figure()
        axes = figure.subplots()
        DRAWERS[spec["type"]](axes, spec)
        if len(spec["datasets"]) > 1:
            axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(spec["datasets"]))
        figure.savefig(buffer, format="png", dpi=DPI)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
