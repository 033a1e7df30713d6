"""One settings class for the whole process.

Neo4j connection variables keep their conventional names (`NEO4J_URI`, `NEO4J_USER`,
`NEO4J_PASSWORD`, `NEO4J_DATABASE`) so an Aura or cluster URI pasted from a console just works;
everything else is prefixed `POWERMAP_`. Thresholds from the domain definitions are settings with
the documented defaults.
"""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_PASSWORD = "powermap-dev-password"
DEVELOPMENT_API_KEY = "pm_development_key_do_not_use_in_production"


class Settings(BaseSettings):
    """Process configuration, read from the environment (and `.env` when present)."""

    model_config = SettingsConfigDict(env_prefix="POWERMAP_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"

    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_PASSWORD), validation_alias=AliasChoices("NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))

    embedded_data_dir: Path = Field(default=Path("var/neo4j"),
                                   description="the embedded server's folder; relative to where you start")
    embedded_bolt_port: int = 7687
    embedded_http_port: int = 7474
    embedded_page_cache: str = "1g"
    embedded_tx_memory: str = "2g"
    embedded_tx_timeout_seconds: int = 120
    embedded_start_timeout_seconds: float = 120.0
    neo4j_probe_timeout_seconds: float = Field(
        default=0.6, gt=0, description="a Neo4j that does not answer a probe this fast counts as down "
                                       "(graph/availability.py); the tests, on busy machines, allow more")

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_workers: int = Field(default=1, ge=1, le=64,
                             description="API worker processes (`powermap serve --workers`); each has its own driver")
    neo4j_max_connections: int = Field(
        default=100, ge=2, description="Bolt connections the whole API may hold, shared out equally among its "
                                       "workers (each worker's driver pool is its share)")
    bootstrap_admin_key: SecretStr | None = Field(
        default=None, description="an admin API key ensured at start; required outside development")
    max_body_bytes: int = 20 * 1024 * 1024
    max_batch_operations: int = Field(default=500, ge=1, le=10_000,
                                      description="operations one POST /api/v1/batch may hold (its maxItems)")
    audit_retention_days: int = Field(default=730, ge=1, description="audit entries older than this go at start")
    session_hours: float = Field(default=8, gt=0, le=168,
                                 description="how long a web page's sign-in lasts (fixed, not sliding)")

    covered_strength: float = 0.5
    aligned_strength: float = 0.5
    stale_days: int = 90
    gate_coverage: float = 0.6
    max_page_size: int = 200

    # Relationship signals (powermap/services/tie_strength.py, signals.py, capture.py).
    signal_half_life_days: float = Field(default=90, gt=0, description="computed tie strength halves in this many days")
    signal_horizon_days: float = Field(default=730, gt=0, description="interactions older than this count for nothing")
    signal_small_meeting: int = Field(default=4, ge=1, description="a meeting of at most this many counts fully; "
                                                                    "a larger one of n counts this / n")
    signal_two_way_weight: float = Field(default=0.5, ge=0, description="a thread where both wrote to the other")
    signal_inbound_weight: float = Field(default=0.3, ge=0, description="a thread where only the stakeholder wrote")
    signal_outbound_weight: float = Field(default=0.1, ge=0, description="a thread where only we wrote")
    signal_saturation: float = Field(default=2, gt=0, description="computed strength = 1 - exp(-raw / this)")
    alert_window_days: int = Field(default=30, ge=1, description="alerts look back this many days (W)")
    alert_silent_days: int = Field(default=45, ge=1,
                                   description="a covered key member unheard from this long is silent")
    alert_close_days: int = Field(default=30, ge=0, description="a bid closing within this many days with a gap alerts")
    capture_window_days: int = Field(default=730, ge=1, description="recurring meetings are expanded this far back "
                                                                     "from the capture day, up to it")

    # Network power (powermap/services/network_power.py, DOMAIN.md "Network power"): who really decides.
    network_damping: float = Field(default=0.85, gt=0, lt=1, description="PageRank's damping factor")
    network_tolerance: float = Field(default=1e-10, gt=0,
                                     description="PageRank iterates until the L1 change is below this")
    network_reports_to_weight: float = Field(default=0.5, gt=0, le=1,
                                             description="weight of a REPORTS_TO edge (an INFLUENCES edge "
                                                         "weighs its strength)")
    network_hidden_power: float = Field(default=0.5, ge=0, le=1,
                                        description="hidden influencer: network power at least this ...")
    network_hidden_max_influence: int = Field(default=2, ge=1, le=5,
                                              description="... and in no chain, or stated influence at most this")
    network_paper_tiger_influence: int = Field(default=4, ge=1, le=5,
                                               description="paper tiger: stated influence at least this ...")
    network_paper_tiger_power: float = Field(default=0.2, ge=0, le=1,
                                             description="... and network power below this")
    network_reach_steps: int = Field(default=2, ge=1, le=4, description="in/out reach counts people this many "
                                                                        "INFLUENCES steps away")
    network_camp_seed: int = Field(default=7, description="Louvain's seed: the same graph gives the same camps")
    network_camp_lean_share: float = Field(default=0.3, gt=0, le=1,
                                           description="a camp leans to a competitor when at least this share "
                                                       "of its members is aligned with it")
    network_broker_samples: int = Field(default=64, ge=0,
                                        description="broker score: exact betweenness up to this many people, "
                                                    "above it estimated from this many sampled people (0: exact)")
    network_cache_customers: int = Field(default=64, ge=0,
                                         description="how many customers' analyses the process keeps")
    network_map_inline_people: int = Field(default=500, ge=0,
                                           description="a power map whose customer's network power is not cached "
                                                       "computes it while it waits for a customer of at most this "
                                                       "many people; a larger one's is computed in the background "
                                                       "and the map is served without it, marked `computing`")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = Field(
        default="text", description="`text` is key=value pairs for a terminal, `json` one object a line")
    slow_query_ms: float = Field(default=500, ge=0,
                                 description="a Cypher unit of work slower than this logs a WARNING")

    @model_validator(mode="after")
    def _embedded_folder_password(self) -> "Settings":
        """Without NEO4J_PASSWORD, the embedded server uses its data folder's own random password.

        A well-known password on a loopback port is not enough: Bolt over WebSocket checks no Origin,
        so any web page a developer opens could log in with it. The secret is made on first use,
        kept in `<data folder>/powermap-password` (mode 600) and printed by `powermap serve` for
        Neo4j Browser. A folder that already holds a database from before keeps the development
        password it was started with.
        """
        if "neo4j_password" not in self.model_fields_set and self.uses_embedded:
            self.neo4j_password = SecretStr(folder_password(self.embedded_data_dir))
        return self

    @model_validator(mode="after")
    def _refuse_default_secrets_when_exposed(self) -> "Settings":
        exposed = self.environment == "production" or self.api_host not in ("127.0.0.1", "localhost", "::1")
        if not exposed:
            return self
        if self.neo4j_password.get_secret_value() in ("", DEVELOPMENT_PASSWORD, "neo4j"):
            raise ValueError("NEO4J_PASSWORD must be a real secret in production or on a non-loopback host")
        key = self.bootstrap_admin_key.get_secret_value() if self.bootstrap_admin_key else ""
        if len(key) < 24 or key == DEVELOPMENT_API_KEY:
            raise ValueError("POWERMAP_BOOTSTRAP_ADMIN_KEY (24+ characters) is required in production "
                             "or on a non-loopback host")
        return self

    @property
    def admin_key(self) -> str:
        """The admin key ensured at start: the configured one, else (development) the development key."""
        return self.bootstrap_admin_key.get_secret_value() if self.bootstrap_admin_key else DEVELOPMENT_API_KEY

    @property
    def uses_embedded(self) -> bool:
        """True when no external server is configured and Powermap runs its own Neo4j."""
        return not self.neo4j_uri

    @property
    def bolt_uri(self) -> str:
        """The Bolt URI the driver connects to."""
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.embedded_bolt_port}"

    @property
    def worker_pool_size(self) -> int:
        """One worker's share of `neo4j_max_connections`: the size of its driver's connection pool."""
        return max(2, self.neo4j_max_connections // self.api_workers)

    @property
    def browser_url(self) -> str | None:
        """Where Neo4j Browser answers for the embedded server (None for an external one)."""
        if not self.uses_embedded:
            return None
        return f"http://127.0.0.1:{self.embedded_http_port}/browser/"


def folder_password(data_dir: Path) -> str:
    """The embedded folder's password: read it, or make it (see `Settings._embedded_folder_password`)."""
    secret_file = Path(data_dir) / "powermap-password"
    if secret_file.is_file():
        return secret_file.read_text(encoding="utf-8").strip()
    legacy = (Path(data_dir) / "data" / "databases").is_dir()
    secret = DEVELOPMENT_PASSWORD if legacy else secrets.token_urlsafe(24)
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    secret_file.touch(mode=0o600)
    secret_file.write_text(secret, encoding="utf-8")
    return secret


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
