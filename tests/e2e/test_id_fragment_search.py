"""模糊查询 by ID number through the gateway: a site finds its people by the first 6 or the last 4 characters
they type, whatever their document, with no plain number stored."""

import datetime as dt
import random

import pytest

from chassis import days
from devtools.synthetic import credit_code, resident_id_number
from identity_svc.domain import hkid_check_character

pytestmark = pytest.mark.e2e
rng = random.Random(6011)
TODAY = days.today()
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def hong_kong_number():
    letter, digits = rng.choice("ACDEGKPRVZ"), f"{rng.randrange(10**6):06d}"
    return f"{letter}{digits}({hkid_check_character(letter, digits)})"


def documents():
    """One person per kind of document a worker on a Chinese site may hold; the numbers as the card shows them."""
    return {
        "居民": {"id_type": "01", "id_number": resident_id_number(rng, dt.date(1965, 3, 8), county="110115")},
        "居住证": {"id_type": "18", "id_number": resident_id_number(rng, county="810000")},
        "永居证": {"id_type": "19", "id_number": resident_id_number(rng, county="931392")},
        "护照": {"id_type": "08", "id_number": f"E{rng.randrange(10**8):08d}", "birth_date": "1982-04-05",
               "gender": "1"},
        "台胞证": {"id_type": "12", "id_number": f"{rng.randrange(10**8):08d}", "birth_date": "1979-09-10",
                "gender": "2"},
        "香港": {"id_type": "17", "id_number": hong_kong_number(), "birth_date": "1990-12-01", "gender": "1"},
    }


@pytest.fixture(scope="module")
def on_site(api):
    """Six people entered on site_3 by an employer of this module alone: ``{name: (entry id, number)}``, the
    number without the brackets of a Hong Kong card (``A1234563``).

    The enterprise registers half of them: a site's search reaches whoever is on its roster, whoever
    registered them.
    """
    authority, site = api("authority"), api("site_3")
    employer = authority.post("/enterprises", json={
        "name": f"模糊查询劳务{rng.randrange(10**6):06d}有限公司", "credit_code": credit_code(rng),
        "unit_type": "labour_subcontractor"}).json()
    entered = {}
    for turn, (name, document) in enumerate(documents().items()):
        registrant = api("enterprise_7") if turn % 2 else site
        response = registrant.post("/persons", json={**document, "name": f"模糊{name}"})
        assert response.status_code == 201, response.text
        response = site.post("/entries", json={
            "employer_id": employer["id"], "trade": "020", "education": "71", "entry_date": str(TODAY),
            "id_type": document["id_type"], "id_number": document["id_number"]})
        assert response.status_code == 201, response.text
        entered[f"模糊{name}"] = (response.json()["id"], document["id_number"].replace("(", "").replace(")", ""))
    return {"employer": employer, "entered": entered}


def found(client, employer, term):
    response = client.get("/entries", params={"person": term, "employer_id": employer["id"]})
    assert response.status_code == 200, response.text
    return {item["name"] for item in response.json()["items"]}


def test_a_site_finds_each_person_by_the_first_six_characters_of_their_document(api, on_site):
    site = api("site_3")
    for name, (_, number) in on_site["entered"].items():
        assert name in found(site, on_site["employer"], number[:6]), name


def test_a_site_finds_each_person_by_the_last_four_characters_of_their_document(api, on_site):
    site = api("site_3")
    for name, (_, number) in on_site["entered"].items():
        assert name in found(site, on_site["employer"], number[-4:]), name


def test_a_fragment_typed_in_full_width_or_with_spaces_finds_the_same_people(api, on_site):
    site = api("site_3")
    _, resident = on_site["entered"]["模糊居民"]
    assert found(site, on_site["employer"], resident[:8].translate(FULL_WIDTH)) == {"模糊居民"}
    assert found(site, on_site["employer"], "　" + resident[-6:].translate(FULL_WIDTH).lower()) == {"模糊居民"}
    _, hong_kong = on_site["entered"]["模糊香港"]
    assert found(site, on_site["employer"], f"{hong_kong[-4:-1]}({hong_kong[-1]})") == {"模糊香港"}  # 456(3)


def test_the_whole_number_finds_its_person_alone_and_the_middle_of_one_finds_nobody(api, on_site):
    site = api("site_3")
    _, permit = on_site["entered"]["模糊居住证"]
    assert found(site, on_site["employer"], permit) == {"模糊居住证"}
    assert found(site, on_site["employer"], permit[3:12]) == set()


def test_another_site_finds_none_of_them_by_fragment(api, on_site):
    site_4 = api("site_4")
    for _, number in on_site["entered"].values():
        assert site_4.get("/entries", params={"person": number[-4:]}).json()["total"] == 0


def test_a_fragment_too_short_to_tell_people_apart_is_refused_with_the_reason(api, on_site):
    response = api("site_3").get("/entries", params={"person": "１２３"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"person": "按证件号码查询至少输入4位（前6位以上或后4位以上）"}
    english = api("site_3", language="en").get("/entries", params={"person": "12"})
    assert english.json()["fields"]["person"].startswith("Type at least 4 characters of an ID number")


def test_a_name_fragment_still_finds_by_name(api, on_site):
    assert found(api("site_3"), on_site["employer"], "模糊") == set(on_site["entered"])


def test_the_persons_list_finds_by_the_same_fragments_within_the_callers_scope(api, on_site):
    site = api("site_3")
    _, permit = on_site["entered"]["模糊居住证"]  # registered by enterprise_7, not by the site
    _, resident = on_site["entered"]["模糊居民"]  # registered by the site
    assert [p["name"] for p in site.get("/persons", params={"q": resident[-4:]}).json()["items"]] == ["模糊居民"]
    assert [p["name"] for p in api("enterprise_7").get(
        "/persons", params={"q": permit[:7].translate(FULL_WIDTH)}).json()["items"]] == ["模糊居住证"]
    assert site.get("/persons", params={"q": permit[-4:]}).json()["total"] == 0


def test_a_number_typed_in_full_width_registers_and_is_looked_up_as_typed(api):
    site = api("site_3")
    number = resident_id_number(rng, dt.date(1963, 7, 1), county="120116")  # 滨海新区, created in 2009
    typed = f"{number[:6]}\u3000{number[6:]}".translate(FULL_WIDTH).replace("Ｘ", "ｘ")
    response = site.post("/persons", json={"id_type": "01", "id_number": typed, "name": "全角"})
    assert response.status_code == 201, response.text
    assert response.json()["person"]["birth_date"] == "1963-07-01"
    looked_up = site.get("/persons/lookup", params={"id_number": number.lower()})
    assert looked_up.json()["person"]["name"] == "全角"
