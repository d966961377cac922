"""A 503 while saving a form: the portal says what is down, keeps what was typed, and the retry sends the same
Idempotency-Key, so a lost answer is replayed by the gateway instead of registering twice."""

import json
import random

import pytest
from playwright.sync_api import expect

from devtools.synthetic import resident_id_number

pytestmark = pytest.mark.browser
rng = random.Random(41)
#: what the gateway answers while identity_svc's database is down
DATABASE_DOWN = {"error": "DATABASE_UNAVAILABLE", "message": "数据库暂时不可用，请稍后再试", "service": "identity_svc"}


def test_a_503_shows_what_is_down_keeps_the_form_and_the_retry_sends_the_same_key(page, log_in):
    keys = []

    def registration(route, request):
        if request.method != "POST":
            return route.continue_()
        keys.append(request.headers.get("idempotency-key"))
        if len(keys) == 1:  # the first answer is lost to an outage
            return route.fulfill(status=503, headers={"Retry-After": "5"}, content_type="application/json",
                                 body=json.dumps(DATABASE_DOWN, ensure_ascii=False))
        return route.continue_()

    page.route("**/api/v1/persons", registration)
    log_in(page, "site_3")
    number = resident_id_number(rng)
    page.get_by_test_id("nav-person-register").click()
    page.get_by_test_id("person-id-number").fill(number)
    page.get_by_test_id("person-name").fill("停机重试")
    page.get_by_test_id("person-address").fill("上海市徐汇区浏览器路9号")
    page.get_by_test_id("person-submit").click()

    banner = page.get_by_test_id("outage-banner")
    expect(banner).to_contain_text("实名信息服务的数据库暂时无法访问，请稍后重试。")
    expect(banner).to_contain_text("您填写的内容已保留")
    expect(page.get_by_test_id("person-id-number")).to_have_value(number)
    expect(page.get_by_test_id("person-name")).to_have_value("停机重试")
    expect(page.get_by_test_id("person-address")).to_have_value("上海市徐汇区浏览器路9号")

    page.get_by_test_id("person-submit").click()
    expect(page.get_by_test_id("person-result")).to_contain_text("实名信息登记成功")
    expect(banner).to_be_hidden()
    assert len(keys) == 2 and keys[0] and keys[1] == keys[0]
