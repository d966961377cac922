"""``eventually``: the tests' one way to wait for what the platform does after answering."""

import pytest

from devtools.testing import eventually


def test_eventually_gives_what_the_check_returns_once_it_holds():
    tries = []

    def third_time_lucky():
        tries.append(1)
        assert len(tries) == 3, "not yet"
        return "projected"

    assert eventually(third_time_lucky, timeout=5, interval=0) == "projected"
    assert len(tries) == 3


def test_eventually_says_what_still_failed_when_time_is_up():
    def never():
        raise AssertionError("the roster still shows 旧名字")

    with pytest.raises(AssertionError, match="the roster still shows 旧名字"):
        eventually(never, timeout=0.2, interval=0.05)
