"""Metadata helpers: outlet names from URLs, dates from strings and URLs."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from storyweave.clean.rules import find_date

_URL_DATE_RE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:/|-|$)")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "news"}
# Hosts of many publishers, one per subdomain: two blogs on blogspot are two outlets, not one
# (ECB+ cites several blogs on blogspot.nl). The public suffix list
# names only some of them (blogspot.com and github.io, not blogspot.nl, wordpress.com or substack.com).
_HOSTS = {"blogspot", "blogger", "wordpress", "tumblr", "substack", "typepad", "livejournal", "medium",
          "github", "weebly", "wixsite", "over-blog", "hatenablog", "ghost", "squarespace"}


def site_of(url: str) -> str | None:
    """The site of a URL as people name it: ``https://www.bbc.co.uk/x`` -> ``bbc.co.uk``."""
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname
    except ValueError:
        return None
    host = host.rstrip(".") if host else host  # "bbc.co.uk." (a fully qualified name) is bbc.co.uk
    if host and (":" in host or host.rsplit(".", 1)[-1].isdigit()):  # an IP address is its own site
        return host
    if not host or "." not in host:
        return None
    parts = host.lower().split(".")
    keep = 3 if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2 else 2
    if parts[-keep] in _HOSTS and len(parts) > keep and parts[-keep - 1] != "www":
        keep += 1
    return ".".join(parts[-keep:])


def date_from_url(url: str) -> date | None:
    """A publication date written in a URL path (``/2019/04/24/``)."""
    match = _URL_DATE_RE.search(urlsplit(url).path if "://" in url else url)
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def parse_date(value: object) -> date | None:
    """A date from metadata: a ``date``, an ISO string, or a written date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return find_date(text)
