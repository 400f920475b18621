"""Spikes in counts per period: is this period's count more than the area's own past explains?

Two baselines, chosen by how much history there is (docs/warning.md has the sources and worked
examples):

* short history: EARS C2 (Hutwagner et al. 2003): the 7 periods before a guard gap of 2,
  with the threshold as the upper quantile of a Poisson (or, when the baseline is
  over-dispersed, a negative binomial of the same mean and variance);
* two years or more: Farrington-style (Farrington et al. 1996): the same weeks ±3 of each past
  year (up to 3), an over-dispersion factor φ ≥ 1 and the 2/3-power-transformation threshold.

Both share Farrington's gate (no alert on fewer than 5 events in the last 4 periods) and a floor
on the baseline mean, so an all-zero history cannot turn one event into an alert.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from scipy import stats

from sigap.warning.model import Alert, Evidence, Kind, Series, Severity


@dataclass(frozen=True, slots=True)
class SpikeRules:
    alpha: float = 0.005  # one-sided false alert rate per area and period
    min_last_4: int = 5  # Farrington's gate: events in the last 4 periods
    mean_floor: float = 0.2  # the variance floor: a mean of 0 is read as 0.2
    baseline: int = 7  # EARS C2: 7 periods ...
    guard: int = 2  # ... ending 2 periods before the one judged
    seasonal_window: int = 3  # Farrington: the same week ±3 ...
    seasonal_years: int = 3  # ... of up to 3 past years
    high_ratio: float = 2.0  # observed ≥ 2 × threshold reads "tinggi"


RULES = SpikeRules()


def judge(series: Series, rules: SpikeRules = RULES) -> Evidence | None:
    """The evidence for ``series``' last period, or None when there is too little history."""
    counts = series.counts
    if len(counts) < rules.guard + 2:
        return None
    observed, last_4 = counts[-1], sum(counts[-4:])
    baseline: Sequence[int]
    if _years_of_history(series, rules) >= 2:
        baseline = seasonal_baseline(series, rules)
        expected, threshold = farrington_threshold(baseline, rules)
        method = "farrington"
    else:
        baseline = counts[max(0, len(counts) - 1 - rules.guard - rules.baseline) : -1 - rules.guard]
        expected, threshold, method = ears_threshold(baseline, rules)
    return Evidence(observed, expected, threshold, method, last_4, tuple(baseline))


def detect(series: Series, rules: SpikeRules = RULES) -> Alert | None:
    """A spike alert for ``series``' last period, or None. The gate is checked first: most
    areas have fewer than 5 events in 4 weeks and cost nothing more."""
    if sum(series.counts[-4:]) < rules.min_last_4:
        return None
    evidence = judge(series, rules)
    if evidence is None or evidence.observed <= evidence.threshold:
        return None
    high = evidence.observed >= rules.high_ratio * max(evidence.threshold, 1.0)
    return Alert(
        area=series.area,
        kind=Kind.SPIKE,
        severity=Severity.HIGH if high else Severity.MEDIUM,
        measure=series.measure,
        spike=evidence,
        counts=series.counts[-12:],
    )


def mean_and_variance(values: Sequence[int]) -> tuple[float, float]:
    """Mean and sample variance (n − 1); the variance of one value is 0."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    return mean, sum((v - mean) ** 2 for v in values) / (n - 1)


def ears_threshold(baseline: Sequence[int], rules: SpikeRules = RULES) -> tuple[float, float, str]:
    """(expected, threshold, method): the (1 − α) quantile of a Poisson of the baseline's mean
    (floored), or of a negative binomial with its mean and variance when variance > mean."""
    mean, variance = mean_and_variance(baseline) if baseline else (0.0, 0.0)
    floored = max(mean, rules.mean_floor)
    if variance > floored:
        return mean, _negbin_quantile(floored, variance, rules.alpha), "ears-c2-negbin"
    return mean, _poisson_quantile(floored, rules.alpha), "ears-c2-poisson"


def farrington_threshold(baseline: Sequence[int], rules: SpikeRules = RULES) -> tuple[float, float]:
    """(expected, threshold) by Farrington's 2/3-power transformation:
    U = μ (1 + ⅔ z √(φ/μ))^{3/2}, φ = max(1, s²/μ), z the (1 − α) normal quantile."""
    mean, variance = mean_and_variance(baseline)
    floored = max(mean, rules.mean_floor)
    phi = max(1.0, variance / floored)
    z = _normal_quantile(rules.alpha)
    return mean, floored * (1 + 2 / 3 * z * math.sqrt(phi / floored)) ** 1.5


def seasonal_baseline(series: Series, rules: SpikeRules = RULES) -> list[int]:
    """The same period ± window in each of the past years that the series reaches."""
    counts, year, now = series.counts, series.periods_per_year, len(series.counts) - 1
    years = min(rules.seasonal_years, _years_of_history(series, rules))
    return [
        counts[now - k * year + j]
        for k in range(1, years + 1)
        for j in range(-rules.seasonal_window, rules.seasonal_window + 1)
        if 0 <= now - k * year + j < now
    ]


def _years_of_history(series: Series, rules: SpikeRules) -> int:
    """Whole past years whose seasonal window lies inside the series."""
    return (len(series.counts) - 1 - rules.seasonal_window) // series.periods_per_year


@lru_cache(maxsize=4096)
def _poisson_quantile(mean: float, alpha: float) -> float:
    return float(stats.poisson.ppf(1 - alpha, mean))


@lru_cache(maxsize=4096)
def _negbin_quantile(mean: float, variance: float, alpha: float) -> float:
    # scipy's nbinom(n, p) has mean n(1−p)/p and variance n(1−p)/p².
    p = mean / variance
    n = mean * p / (1 - p)
    return float(stats.nbinom.ppf(1 - alpha, n, p))


@lru_cache(maxsize=16)
def _normal_quantile(alpha: float) -> float:
    return float(stats.norm.ppf(1 - alpha))
