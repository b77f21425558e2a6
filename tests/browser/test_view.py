"""The HTML view in headless Chromium, offline: it draws, settles, stays quiet and inert."""

from __future__ import annotations

import networkx as nx
import pytest

pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from bench.viz_scale import requested_urls, wait_settled  # noqa: E402
from graph.projection import Source  # noqa: E402
from graph.store import KnowledgeGraph  # noqa: E402
from graph.viz import ViewOptions, render_html, to_network, write_view  # noqa: E402
from tests.graph.test_projection import PAYLOAD, PROVISIONS, sample_store  # noqa: E402

pytestmark = pytest.mark.browser

E = "https://w3id.org/newskg/id/"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """HTML views of the hand-made store: whole graph, ego network, agreement."""
    folder = tmp_path_factory.mktemp("pages")
    store = sample_store(folder / "store")
    out = {}
    with KnowledgeGraph(store, read_only=True) as kg:
        out["sample"] = write_view(kg, folder / "sample.html")
        out["ego"] = write_view(kg, folder / "ego.html", ViewOptions(focus="Yerevan", depth=2))
        out["agreement"] = write_view(
            kg, folder / "agreement.html", ViewOptions(agreement="ceasefire")
        )
    return out


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory, seed_store):
    """The whole-graph view of the seed store (real ingest; skipped without ../shared)."""
    with KnowledgeGraph(seed_store, read_only=True) as kg:
        return write_view(kg, tmp_path_factory.mktemp("seed") / "seed.html")


def _big_page(folder, n: int = 2500, m: int = 3500):
    g = nx.gnm_random_graph(n, m, seed=5, directed=True)
    kinds = ["Person", "Country", "Organization", "City"]
    for node in g:
        g.nodes[node].update(label=f"entity {node}", type=kinds[node % 4], aliases=(), articles=1)
    for u, v, data in g.edges(data=True):
        source = Source(
            f"Entity {u} met entity {v} on a long afternoon.", "Talks", "a", 0.7, "meet"
        )
        data.update(weight=1 + (u + v) % 3, relations=("meet",), sources=[source])
    path = folder / "big.html"
    path.write_text(render_html(to_network(g), title="big"), encoding="utf-8")
    return path


def _drawn_pixels(driver) -> int:
    return driver.execute_script(
        """const c = document.querySelector('#graph canvas');
           const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
           let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
           return n;"""
    )


def _click_node(driver, node_id: str) -> None:
    """A real mouse click on the node, where it is drawn."""
    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    x, y = driver.execute_script(
        """const p = newskg.network.canvasToDOM(newskg.network.getPosition(arguments[0]));
           return [p.x, p.y];""",
        node_id,
    )
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()


@pytest.mark.parametrize("name", ["sample", "ego", "agreement", "seed"])
def test_page_is_offline_drawn_and_quiet(open_page, request, name):
    path = (
        request.getfixturevalue("seed_page")
        if name == "seed"
        else (request.getfixturevalue("pages")[name])
    )
    driver = open_page(path)
    urls = requested_urls(driver)
    assert urls and urls[0].startswith("file://")
    assert not [u for u in urls if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert _drawn_pixels(driver) > 500
    assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    status = driver.find_element(By.ID, "status").text
    assert status.endswith("links") and not status.startswith("0 nodes")


def test_physics_stops_once_settled(open_page, pages):
    driver = open_page(pages["sample"])
    before = driver.execute_script("return newskg.network.getPositions()")
    driver.execute_script("return new Promise(r => setTimeout(r, 400))")
    assert driver.execute_script("return newskg.network.getPositions()") == before


def test_injected_markup_stays_text(open_page, pages):
    driver = open_page(pages["sample"])
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    script = "return [typeof window.__pwned, typeof window.__pwned2, document.images.length]"
    assert driver.execute_script(script) == ["undefined", "undefined", 0]

    _click_node(driver, E + "payload")
    side = driver.find_element(By.ID, "side")
    WebDriverWait(driver, 5).until(lambda d: side.find_element(By.TAG_NAME, "h2").text != "")
    assert side.find_element(By.TAG_NAME, "h2").text == f"Mr {PAYLOAD}"
    quotes = [q.text for q in side.find_elements(By.TAG_NAME, "blockquote")]
    assert any(PAYLOAD in q for q in quotes)
    sources = [s.text for s in side.find_elements(By.CLASS_NAME, "src")]
    assert any(f"Backing {PAYLOAD}" in s for s in sources)
    assert side.find_elements(By.CSS_SELECTOR, "script, img") == []

    ActionChains(driver).move_by_offset(1, 1).perform()  # hover: the tooltip shows the name
    tooltip = WebDriverWait(driver, 5).until(
        lambda d: (
            d.find_element(By.CSS_SELECTOR, "div.vis-tooltip")
            if d.find_element(By.CSS_SELECTOR, "div.vis-tooltip").is_displayed()
            else None
        )
    )
    assert PAYLOAD in tooltip.text
    assert tooltip.find_elements(By.CSS_SELECTOR, "script, img") == []
    assert driver.execute_script(script) == ["undefined", "undefined", 0]
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_search_selects_and_describes_an_entity(open_page, pages):
    driver = open_page(pages["sample"])
    box = driver.find_element(By.ID, "search")
    box.send_keys("pashiyan", Keys.ENTER)  # an alias
    assert driver.execute_script("return newskg.network.getSelectedNodes()") == [
        E + "nikol-pashinyan"
    ]
    side = driver.find_element(By.ID, "side")
    assert side.find_element(By.TAG_NAME, "h2").text == "Nikol Pashinyan"
    assert "also: Pashinyan, Pashiyan" in side.text


def test_legend_hides_and_shows_a_type(open_page, pages):
    driver = open_page(pages["sample"])
    count = "return newskg.nodes.get({filter: n => n.kind === 'Person' && !n.hidden}).length"
    assert driver.execute_script(count) == 5
    button = driver.find_element(By.XPATH, "//div[@id='legend']/button[contains(., 'Person')]")
    button.click()
    assert driver.execute_script(count) == 0
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert driver.execute_script(count) == 5


def test_focus_view_opens_on_its_centre(open_page, pages):
    driver = open_page(pages["ego"])
    assert driver.execute_script("return newskg.network.getSelectedNodes()") == [E + "yerevan"]
    assert driver.find_element(By.CSS_SELECTOR, "#side h2").text == "Yerevan"
    assert driver.title == "newskg · Yerevan and its neighbours (depth 2)"


def test_agreement_view_lists_parties_and_provisions(open_page, pages):
    driver = open_page(pages["agreement"])
    side = driver.find_element(By.ID, "side")
    assert side.find_element(By.TAG_NAME, "h2").text == "Nagorno-Karabakh ceasefire"
    assert "date: 2020-11-10 (on Tuesday)" in side.text
    for provision in PROVISIONS:
        assert provision in side.text
    assert "← signatory ← Vladimir Putin" in side.text
    assert "← mediator ← Russia" in side.text
    boxes = "return newskg.nodes.get({filter: n => n.kind === 'Provision'}).length"
    assert driver.execute_script(boxes) == len(PROVISIONS)


def test_large_graph_settles_within_ten_seconds(open_page, tmp_path):
    driver = open_page(_big_page(tmp_path), timeout=60)
    seconds = wait_settled(driver)
    assert seconds < 10, seconds
    assert driver.execute_script("return [newskg.nodes.length, newskg.edges.length]") == [
        2500,
        3500,
    ]
    assert _drawn_pixels(driver) > 5000
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
