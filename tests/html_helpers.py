"""Helpers that read rendered HTML the way a browser would, for checks on whole pages."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements whose src/href the browser fetches while loading the page (a plain <a> is not fetched).
ASSET_TAGS = {"script", "link", "img", "iframe", "source", "video", "audio", "embed", "track"}


class _AssetCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        if tag in ASSET_TAGS:
            self.urls.extend(value for name, value in attrs if name in ("src", "href") and value)

    handle_startendtag = handle_starttag


def asset_urls(html: str) -> list[str]:
    """Every src/href of the elements a browser loads (script, link, img and the like)."""
    collector = _AssetCollector()
    collector.feed(html)
    collector.close()
    return collector.urls


def external_asset_urls(html: str, site_hosts=("testserver",)) -> list[str]:
    """The asset URLs that point at another host: absolute (http://, https://) or scheme-relative (//)."""
    external = []
    for url in asset_urls(html):
        parts = urlsplit(url.strip())
        if parts.scheme in ("http", "https") or url.strip().startswith("//"):
            if parts.hostname not in site_hosts:
                external.append(url)
    return external
