"""Integer query parameters answer 400 for anything that is not a plain whole number in range."""
import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["²", "٣", "0", "101", "-1", "1.5", "abc", ""])
def test_a_page_size_that_is_no_whole_number_in_range_is_a_400(api, org, size):
    response = api.as_person(org.manager).get("/api/v1/coaching/flight-risk/", {"page_size": size})
    assert response.status_code == 400
    assert "page_size" in response.json()


@pytest.mark.django_db
def test_a_good_page_size_is_used(api, org):
    response = api.as_person(org.manager).get("/api/v1/notifications/", {"page_size": "1"})
    assert response.status_code == 200
