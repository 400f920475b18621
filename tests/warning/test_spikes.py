"""Spike detection on constructed series, with the worked examples of docs/warning.md."""

import random

import pytest

from sigap.warning import spikes
from sigap.warning.model import Series


def test_worked_example_ears_poisson():
    # docs/warning.md, example 1: mean 15/7 = 2.14; variance 0.48 < mean, so Poisson; the
    # 99.5 % quantile of Poisson(2.14) is 7 (P(X ≤ 6) = 0.9935, P(X ≤ 7) = 0.9983).
    expected, threshold, method = spikes.ears_threshold([2, 1, 3, 2, 2, 3, 2])
    assert expected == pytest.approx(2.142857, abs=1e-6)
    assert threshold == 7
    assert method == "ears-c2-poisson"


def test_worked_example_ears_negative_binomial():
    # Example 2: mean 2, variance 22/6 = 3.67 > mean: negative binomial with p = 2/3.67 =
    # 0.545, n = 2·0.545/0.455 = 2.4; P(X ≤ 8) = 0.9917, P(X ≤ 9) = 0.9958: the quantile is 9.
    expected, threshold, method = spikes.ears_threshold([0, 4, 0, 5, 1, 2, 2])
    assert expected == 2
    assert method == "ears-c2-negbin"
    assert threshold == 9


def test_worked_example_farrington():
    # Example 3: 14 seasonal weeks, mean 4, variance 56/13 = 4.31, φ = 1.077, z = 2.576:
    # U = 4 (1 + ⅔·2.576·√(1.077/4))^1.5 = 10.40.
    expected, threshold = spikes.farrington_threshold([2, 6, 4, 4, 0, 4, 8, 4, 2, 6, 4, 4, 6, 2])
    assert expected == 4
    assert threshold == pytest.approx(10.40, abs=0.01)


def test_guard_gap_keeps_the_last_two_weeks_out_of_the_baseline():
    evidence = spikes.judge(Series("a", "reports", (2, 1, 3, 2, 2, 3, 2, 50, 50, 9)))
    assert evidence is not None
    assert evidence.baseline == (2, 1, 3, 2, 2, 3, 2)


def test_a_planted_spike_in_one_kelurahan_and_none_in_100_quiet_ones():
    rng = random.Random(15)

    def quiet() -> list[int]:
        return [rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4)) for _ in range(20)]

    series = [Series(f"12.71.12.{1000 + i}", "reports", tuple(quiet())) for i in range(100)]
    planted = Series("12.71.12.1003", "reports", tuple(quiet()[:-1] + [14]))
    alerts = [a for s in [*series, planted] if (a := spikes.detect(s)) is not None]
    assert [a.area for a in alerts] == ["12.71.12.1003"]
    assert alerts[0].spike is not None and alerts[0].spike.observed == 14


def test_all_zero_history_then_one_report_raises_nothing():
    assert spikes.detect(Series("a", "reports", (0,) * 30 + (1,))) is None
    evidence = spikes.judge(Series("a", "reports", (0,) * 30 + (1,)))
    # The floor: Poisson(0.2), P(X ≤ 2) = 0.9989, threshold 2 (docs/warning.md, example 4).
    assert evidence is not None and evidence.threshold == 2


def test_gate_fewer_than_five_in_four_weeks():
    # 4 in the last week over a zero baseline is above any threshold, but under the gate.
    assert spikes.detect(Series("a", "reports", (0,) * 12 + (4,))) is None
    assert spikes.detect(Series("a", "reports", (0,) * 12 + (5,))) is not None


def test_seasonal_method_once_there_are_two_years():
    year = [3 if w % 52 in range(20, 30) else 1 for w in range(52)]
    # A seasonal peak that comes back every year is not a spike for Farrington ...
    history = year * 2 + year[:25]
    seasonal = Series("a", "reports", tuple(history[:-1] + [5]))
    evidence = spikes.judge(seasonal)
    assert evidence is not None and evidence.method == "farrington"
    assert spikes.detect(seasonal) is None
    # ... and a count far above the same weeks of past years is.
    alert = spikes.detect(Series("a", "reports", tuple(history[:-1] + [15])))
    assert alert is not None and alert.spike is not None and alert.spike.method == "farrington"


def test_alert_carries_a_twelve_week_sparkline():
    alert = spikes.detect(Series("a", "reports", (1,) * 20 + (12,)))
    assert alert is not None
    assert len(alert.counts) == 12 and alert.counts[-1] == 12
