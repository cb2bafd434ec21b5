"""Usage plan limits in serve: rate and burst as a token bucket, quotas per calendar period (UTC)."""

from datetime import UTC, datetime, timedelta

from spec_compiler.document import UsagePlan
from spec_compiler.gateway.usage_limits import QUOTA_EXCEEDED, THROTTLED, UsageLimits


class Clocks:
    def __init__(self) -> None:
        self.seconds = 100.0
        self.now = datetime(2026, 1, 31, 23, 0, tzinfo=UTC)


def limits_for(plan: UsagePlan, clocks: Clocks) -> UsageLimits:
    return UsageLimits(
        {key: plan for key in plan.api_keys}, clock=lambda: clocks.seconds, wall_clock=lambda: clocks.now
    )


def test_burst_then_rate() -> None:
    clocks = Clocks()
    limits = limits_for(UsagePlan("p", ("k",), rate_limit=2, burst_limit=3), clocks)
    assert [limits.admit("k") for _ in range(4)] == [None, None, None, THROTTLED]
    clocks.seconds += 0.5  # one token back at 2 per second
    assert [limits.admit("k") for _ in range(2)] == [None, THROTTLED]
    assert limits.admit("another-plan's-key") is None


def test_quota_per_month_resets_with_the_month() -> None:
    clocks = Clocks()
    limits = limits_for(UsagePlan("p", ("k", "j"), quota_limit=2, quota_period="MONTH"), clocks)
    assert [limits.admit("k") for _ in range(3)] == [None, None, QUOTA_EXCEEDED]
    assert limits.admit("j") is None  # each key has its own quota
    clocks.now += timedelta(hours=2)  # February
    assert limits.admit("k") is None


def test_quota_per_day() -> None:
    clocks = Clocks()
    limits = limits_for(UsagePlan("p", ("k",), quota_limit=1, quota_period="DAY"), clocks)
    assert [limits.admit("k"), limits.admit("k")] == [None, QUOTA_EXCEEDED]
    clocks.now += timedelta(days=1)
    assert limits.admit("k") is None
