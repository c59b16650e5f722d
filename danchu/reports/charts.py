"""Charts drawn on the server with matplotlib (Agg), so the dashboard and the exported DOCX/PDF show
the same image. Text in Vietnamese: DejaVu Sans (shipped with matplotlib) covers the diacritics."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402


def vi_number(value: float, _pos=None) -> str:
    """A tick label as Vietnamese writes numbers: "1.250" for thousands, "2,5" for a decimal."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", ".")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _value_axis(axis, values) -> None:
    """Whole steps for counts (no 0,25 of a case), Vietnamese decimal marks for rates."""
    whole = all(float(v or 0).is_integer() for v in values)
    axis.set_major_locator(MaxNLocator(integer=whole, min_n_ticks=1))
    axis.set_major_formatter(FuncFormatter(vi_number))


def trend_png(*, title: str, labels: list[str], now: list, last_year: list, now_label: str, ly_label: str,
              dpi: int = 96) -> bytes:
    return _png(trend_figure(title=title, labels=labels, now=now, last_year=last_year, now_label=now_label,
                             ly_label=ly_label, dpi=dpi))


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def trend_figure(*, title: str, labels: list[str], now: list, last_year: list, now_label: str, ly_label: str,
                 dpi: int = 96) -> Figure:
    fig = Figure(figsize=(7.2, 2.8), dpi=dpi)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.2)  # fixed: tight_layout costs more than the plot
    ax = fig.add_subplot()
    xs = list(range(len(labels)))
    ax.plot(xs, [v or 0 for v in now], marker="o", color="#b3261e", label=now_label)
    ax.plot(xs, [v or 0 for v in last_year], marker=".", linestyle="--", color="#777777", label=ly_label)
    ax.set_xticks(xs, labels, fontsize=7, rotation=0 if len(labels) <= 6 else 45)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    _value_axis(ax.yaxis, list(now) + list(last_year))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    return fig


def bars_png(*, title: str, labels: list[str], values: list, highlight: set[int] | None = None, dpi: int = 96) -> bytes:
    """Sub-units ranked, lagging ones in a second colour."""
    return _png(bars_figure(title=title, labels=labels, values=values, highlight=highlight, dpi=dpi))


def bars_figure(*, title: str, labels: list[str], values: list, highlight: set[int] | None = None,
                dpi: int = 96) -> Figure:
    highlight = highlight or set()
    n = max(1, len(labels))
    height = min(0.22 * n + 0.8, 9)
    fig = Figure(figsize=(7.2, height), dpi=dpi)
    fig.subplots_adjust(left=0.3, right=0.98, top=1 - 0.35 / height, bottom=0.35 / height)
    ax = fig.add_subplot()
    ys = list(range(n))[::-1]
    ax.barh(ys[:len(values)], [v or 0 for v in values],
            color=["#e08a00" if i in highlight else "#2b5797" for i in range(len(values))])
    ax.set_yticks(ys[:len(labels)], labels, fontsize=6)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="x", labelsize=7)
    _value_axis(ax.xaxis, values)
    return fig
