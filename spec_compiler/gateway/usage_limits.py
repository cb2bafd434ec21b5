"""Usage plan limits per API key, as a stage enforces them: a token bucket for rate and burst, and a
quota counted per calendar day, week (from Monday) or month in UTC.

Over the rate the answer is 429 THROTTLED ("Too Many Requests"); over the quota 429 with "Limit
Exceeded", the message API Gateway gives.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from spec_compiler.document import UsagePlan

THROTTLED = ("THROTTLED", "Too Many Requests")
QUOTA_EXCEEDED = ("QUOTA_EXCEEDED", "Limit Exceeded")


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class UsageLimits:
    """The limits of each key's plan, and what each key has used; safe across server threads."""

    plans: dict[str, UsagePlan]  # key name -> its plan
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    wall_clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)
    _buckets: dict[str, _Bucket] = field(default_factory=dict, repr=False)
    _used: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def admit(self, key_name: str) -> tuple[str, str] | None:
        """None when the request may go on, else (gateway response type, message)."""
        plan = self.plans.get(key_name)
        if plan is None:
            return None
        with self._lock:
            limited = plan.rate_limit is not None or plan.burst_limit is not None
            if limited and not self._take_token(key_name, plan):
                return THROTTLED
            if plan.quota_limit is not None:
                period = (key_name, _period(plan.quota_period or "DAY", self.wall_clock()))
                if self._used.get(period, 0) >= plan.quota_limit:
                    return QUOTA_EXCEEDED
                self._used[period] = self._used.get(period, 0) + 1
        return None

    def _take_token(self, key_name: str, plan: UsagePlan) -> bool:
        now = self.clock()
        capacity = float(plan.burst_limit if plan.burst_limit is not None else max(plan.rate_limit or 1, 1))
        rate = float(plan.rate_limit if plan.rate_limit is not None else capacity)
        bucket = self._buckets.setdefault(key_name, _Bucket(capacity, now))
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


def _period(period: str, now: datetime) -> str:
    if period == "MONTH":
        return now.strftime("%Y-%m")
    if period == "WEEK":
        year, week, _ = now.isocalendar()
        return f"{year}-W{week}"
    return now.strftime("%Y-%m-%d")
