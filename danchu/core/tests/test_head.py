"""HEAD is answered as GET without a body wherever GET is allowed (core.middleware.HeadAsGetMiddleware)."""

import pytest

PUBLIC = ["/", "/u/", "/u/T0A/", "/cong-khai/", "/tra-cuu/", "/log/", "/u/T0A/phan-anh/gui/", "/tai-khoan/dang-nhap/",
          "/api/v1/units?q=binh", "/open311/v2/services.json"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC)
def test_head_answers_like_get_without_a_body(client, tree, url):
    get = client.get(url)
    head = client.head(url)
    assert get.status_code == 200 and head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert int(head["Content-Length"]) > 0


@pytest.mark.django_db
def test_head_of_a_missing_page_is_404_and_of_a_post_only_page_405(client, tree):
    assert client.head("/u/NOPE/").status_code == 404
    response = client.head("/tai-khoan/dang-xuat/")  # sign-out takes a POST only
    assert response.status_code == 405 and response.content == b""
    assert "HEAD" not in response["Allow"]

