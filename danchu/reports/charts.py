"""Charts drawn on the server with matplotlib (Agg), so the dashboard and the exported DOCX/PDF show
the same image. Text in Vietnamese: DejaVu Sans (shipped with matplotlib) covers the diacritics."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402


def trend_png(*, title: str, labels: list[str], now: list, last_year: list, now_label: str, ly_label: str,
              dpi: int = 96) -> bytes:
    fig = Figure(figsize=(7.2, 2.8), dpi=dpi)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.2)  # fixed: tight_layout costs more than the plot
    ax = fig.add_subplot()
    xs = list(range(len(labels)))
    ax.plot(xs, [v or 0 for v in now], marker="o", color="#b3261e", label=now_label)
    ax.plot(xs, [v or 0 for v in last_year], marker=".", linestyle="--", color="#777777", label=ly_label)
    ax.set_xticks(xs, labels, fontsize=7, rotation=0 if len(labels) <= 6 else 45)
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def bars_png(*, title: str, labels: list[str], values: list, highlight: set[int] | None = None, dpi: int = 96) -> bytes:
    """Sub-units ranked, lagging ones in a second colour."""
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
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
