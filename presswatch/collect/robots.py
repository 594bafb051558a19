"""robots.txt rules per origin (urllib.robotparser), fetched once per collect run and host."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

AGENT_TOKEN = "presswatch"


@dataclass
class Robots:
    """The rules for one origin. ``reason`` says why everything is refused when it is."""

    parser: RobotFileParser | None   # None: no rules (404 or similar) -> everything allowed
    disallow_all: bool = False
    reason: str = ""
    error_code: str = "robots"      # the error reported for refused URLs (dns, tls, ... when unreachable)
    sitemaps: tuple[str, ...] = ()

    delay: float | None = None

    @classmethod
    def from_text(cls, text: str) -> Robots:
        parser = RobotFileParser()
        lines = text.splitlines()
        parser.parse(lines)
        return cls(parser, sitemaps=tuple(parser.site_maps() or ()), delay=crawl_delay(lines))

    @classmethod
    def allow_all(cls) -> Robots:
        return cls(None)

    @classmethod
    def refuse_all(cls, reason: str, error_code: str = "robots") -> Robots:
        return cls(None, disallow_all=True, reason=reason, error_code=error_code)

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(AGENT_TOKEN, url)

    def crawl_delay(self) -> float | None:
        return self.delay


def crawl_delay(lines: list[str]) -> float | None:
    """Crawl-delay for our agent (else for ``*``); fractional values allowed (robotparser wants integers)."""
    found: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        elif key in ("allow", "disallow"):
            in_rules = True
        elif key == "crawl-delay":
            in_rules = True
            try:
                delay = float(value)
            except ValueError:
                continue
            for agent in agents:
                found.setdefault("self" if AGENT_TOKEN in agent else agent, delay)
    chosen = found.get("self", found.get("*"))
    return max(0.0, chosen) if chosen is not None else None


def robots_from_response(status: int, body: bytes) -> Robots:
    """RFC 9309: 2xx -> the rules; 4xx -> no rules; 5xx or unreachable -> refuse all for now."""
    if 200 <= status < 300:
        return Robots.from_text(body.decode("utf-8", errors="replace"))
    if 400 <= status < 500:
        return Robots.allow_all()
    return Robots.refuse_all(f"robots.txt answered {status}; the site is treated as closed for this run",
                             "robots_unavailable")
