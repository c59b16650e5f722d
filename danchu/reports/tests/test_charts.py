"""Chart axes: whole steps for counts, Vietnamese number marks."""

import pytest

from danchu.reports.charts import bars_figure, trend_figure, trend_png, vi_number


def _labels(fig, which: str) -> list[str]:
    fig.canvas.draw()
    ax = fig.axes[0]
    axis = ax.yaxis if which == "y" else ax.xaxis
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (3, "3"), (1250, "1.250"), (2.5, "2,5"), (75.25, "75,25"),
                                              (1234.5, "1.234,5"), (-2, "-2")])
def test_vi_number(value, text):
    assert vi_number(value) == text


def test_counts_step_by_whole_numbers():
    fig = trend_figure(title="Số vụ việc", labels=["T1", "T2", "T3"], now=[0, 1, 2], last_year=[1, 0, 1],
                       now_label="2026", ly_label="2025")
    labels = _labels(fig, "y")
    assert labels and all("," not in t and "." not in t for t in labels), labels
    bars = bars_figure(title="Số cuộc", labels=["Thôn A", "Thôn B"], values=[1, 2])
    assert all("," not in t for t in _labels(bars, "x"))


def test_rates_use_a_decimal_comma():
    fig = trend_figure(title="Tỷ lệ", labels=["T1", "T2"], now=[0.5, 1.5], last_year=[0.25, 1.0],
                       now_label="2026", ly_label="2025")
    labels = _labels(fig, "y")
    assert any("," in t for t in labels) and not any("." in t for t in labels), labels


def test_the_png_is_still_a_png():
    assert trend_png(title="x", labels=["a"], now=[1], last_year=[0], now_label="n", ly_label="l")[:8] == b"\x89PNG\r\n\x1a\n"
