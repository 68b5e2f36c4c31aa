"""How often the dashboard's low-rate alert fires for a unit whose true satisfaction rate is known,
under the old rule (the window's rate under the threshold) and the rule of methodology §5 (the
upper bound of the window's 95 % Wilson interval, rounded to 2 decimals, under the threshold).
Exact: the binomial probabilities and the Wilson comparison are done in rational arithmetic, and
the Wilson bound is decided from its definition (the score test), not from the C++ formula, so
this is an independent check of server/src/api/dashboard_service.cpp (docs/indices.md,
"Low-rate alerts", quotes its output for the default policy).

    python3 scripts/alert_false_alarm.py [WINDOW [THRESHOLD [TRUE_RATE...]]]
                                         defaults: 50 70 and the rates 50 60 70 75 80"""

import math
import sys
from fractions import Fraction

Z = Fraction("1.959964")  # methodology §1


def wilson_upper_below(satisfied: int, n: int, bound: Fraction) -> bool:
    """The Wilson upper bound of satisfied / n is strictly below `bound` (a proportion, 0..1).
    The interval is the set of t with n (p - t)^2 <= z^2 t (1 - t), so its upper end lies below
    t exactly when p < t and t is outside: n (p - t)^2 > z^2 t (1 - t)."""
    p = Fraction(satisfied, n)
    return p < bound and n * (p - bound) ** 2 > Z * Z * bound * (1 - bound)


def fires_new(satisfied: int, n: int, threshold: Fraction) -> bool:
    # The bound is shown in percent rounded half away from zero to 2 decimals; rounded, it is below
    # the threshold exactly when unrounded it is below the first value that rounds up to it.
    edge = (math.ceil(threshold * 100) - Fraction(1, 2)) / 100
    return wilson_upper_below(satisfied, n, edge / 100)


def fires_old(satisfied: int, n: int, threshold: Fraction) -> bool:
    return Fraction(100 * satisfied, n) < threshold


def probability(fires, n: int, threshold: Fraction, rate: Fraction) -> Fraction:
    p = rate / 100
    return sum((math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1) if fires(k, n, threshold)), Fraction(0))


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 50
    threshold = Fraction(argv[1]) if len(argv) > 1 else Fraction(70)
    rates = [Fraction(r) for r in argv[2:]] or [Fraction(r) for r in (50, 60, 70, 75, 80)]
    old_max = max((k for k in range(n + 1) if fires_old(k, n, threshold)), default=None)
    new_max = max((k for k in range(n + 1) if fires_new(k, n, threshold)), default=None)
    print(f"window {n}, threshold {float(threshold):g} %")
    print(f"old rule (rate < threshold) fires at satisfied <= {old_max}")
    print(f"new rule (Wilson upper < threshold) fires at satisfied <= {new_max}")
    print("true rate   P(old rule fires)   P(new rule fires)")
    for rate in rates:
        old = probability(fires_old, n, threshold, rate)
        new = probability(fires_new, n, threshold, rate)
        print(f"{float(rate):8g} %   {float(100 * old):15.4f} %   {float(100 * new):15.4f} %")


if __name__ == "__main__":
    main(sys.argv[1:])
