"""Which hosts count as an official source for a record entry."""

from __future__ import annotations

from urllib.parse import urlsplit

# Government sites of either side (the White House and its archives, the State
# Department, China's foreign ministry with its embassies, consulates and missions, the
# State Council Information Office, the defence ministry's China Military Online) and
# the state news outlets that publish China's readouts in full (Xinhua, and People's
# Daily on both its domains with its Global Times, China Daily, CCTV and CGTN, CRI,
# China News Service and china.org.cn carrying Xinhua's copy).
OFFICIAL_HOSTS = (
    "whitehouse.gov",
    "obamawhitehouse.archives.gov",
    "trumpwhitehouse.archives.gov",
    "bidenwhitehouse.archives.gov",
    "state.gov",
    "fmprc.gov.cn",
    "mfa.gov.cn",
    "china-embassy.gov.cn",
    "china-embassy.org",
    "chineseembassy.org",
    "chinaembassy.or.th",
    "chinamission.org.cn",
    "china-consulate.org",
    "scio.gov.cn",
    "chinamil.com.cn",
    "xinhuanet.com",
    "news.cn",
    "people.cn",
    "people.com.cn",
    "globaltimes.cn",
    "chinadaily.com.cn",
    "cctv.cn",
    "cctv.com",
    "cgtn.com",
    "cri.cn",
    "ecns.cn",
    "chinagate.cn",
)


def official(url: str) -> bool:
    """True for an https URL on one of OFFICIAL_HOSTS or a subdomain of one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(
        host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS
    )
