"""The platform's calendar day. A site's day is China's (Asia/Shanghai) whatever the zone of the machine or
container it runs on, so that "today" (an entry or exit date, a birthday, whether a contract has started) turns at
midnight in China, not at 08:00 there; ``PLATFORM_TIMEZONE`` names another zone."""

import datetime as dt
import os
import zoneinfo

DEFAULT_ZONE = "Asia/Shanghai"


def zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(os.environ.get("PLATFORM_TIMEZONE") or DEFAULT_ZONE)


def today() -> dt.date:
    """Today, in the platform's zone."""
    return dt.datetime.now(zone()).date()
