"""One settings object, read from environment variables prefixed ``WARROOM_``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = PROJECT_ROOT / "data" / "indicators"

HDX_HELP = (
    "The official boundaries are the COD-AB dataset for Thailand on the Humanitarian Data "
    "Exchange (HDX dataset 'cod-ab-tha', Royal Thai Survey Department, CC BY-IGO). Download "
    "the admin 1-3 layers (tha_admbnda_adm1/2/3_rtsd_*), put them in a folder named "
    "'boundaries' inside a source folder, and point WARROOM_SOURCE_DIR at that source folder."
)


def _default_source_dir() -> Path | None:
    candidate = PROJECT_ROOT.parent / "shared" / "data"
    return candidate if candidate.is_dir() else None


class Settings(BaseSettings):
    """Settings of one War Room installation (environment variables ``WARROOM_*``)."""

    model_config = SettingsConfigDict(env_prefix="WARROOM_", extra="ignore")

    source_dir: Path | None = Field(default_factory=_default_source_dir)
    build_dir: Path = PROJECT_ROOT / "build"
    database_url: str | None = None
    language: str = "th"
    catalogue_dir: Path = CATALOGUE_DIR
    tile_url: str | None = None  # optional raster basemap ({z}/{x}/{y}); off by default
    host: str = "127.0.0.1"
    port: int = 8050
    require_login: bool = False  # when set, the dashboard too needs a signed-in user
    secret_key: str | None = None  # signs session cookies; generated into the build folder
    max_upload_mb: int = 50
    wall_dir: Path = PROJECT_ROOT / "data" / "wall"  # the wall screen's playlists
    lock_timeout: float = 30.0  # seconds a write waits for another writer before giving up
    # Uploads (intake): an XLSX is checked against these before it is parsed, and the
    # check and the load of a web upload run in a worker process with these limits.
    xlsx_max_unpacked_mb: int = 400  # the whole zip, unpacked
    xlsx_max_part_mb: int = 50  # shared strings, styles: any part but a sheet
    xlsx_max_rows: int = 1_048_576  # Excel's own limit
    xlsx_max_columns: int = 1_000
    intake_memory_mb: int = 1_024  # memory a check or load may use beyond the worker's own
    intake_check_seconds: float = 180
    intake_load_seconds: float = 900
    intake_workers: int = 2  # checks and loads at once; more wait their turn
    # Serving (`warroom serve`): gunicorn processes and threads, seconds
    workers: int = Field(default_factory=lambda: max(2, os.cpu_count() or 1))
    threads: int = 8
    timeout: int = 60  # a worker silent this long is restarted
    keepalive: int = 5  # idle keep-alive connections are closed after this
    # Several instances: a shared Redis (sign-in throttle, revoked sessions); memory when unset
    cache_url: str | None = None
    refresh_seconds: float = 5.0  # how often the app asks the store whether data changed
    https: bool = False  # served over HTTPS (Secure cookie, HSTS)
    proxies: int = 0  # reverse proxies in front setting X-Forwarded-For, -Proto and -Host
    public_url: str | None = None  # the site as visitors reach it (https://warroom.example)
    audit_log: Path | None = None  # sign-ins, loads, roll-backs (default: build/audit.log)
    upload_quota_mb: int = 200  # uploads one user may keep waiting between preview and load
    response_cache: bool = True  # keep dashboard callback answers (Redis or memory)
    cache_mb: int = 64  # the most those answers may take (in Redis, or in each process)
    # Every indicator's hotspots computed when the data change (after a build, after a load),
    # in the background, one at a time per machine, so that no page waits for them
    hotspots_ahead: bool = True
    # Heavy work anyone may start (hotspots on demand, briefs, exports): slots per machine,
    # requests waiting per process, how long one waits, and pieces per address a minute
    heavy_workers: int = 2
    heavy_queue: int = 8
    heavy_wait_seconds: float = 20
    heavy_per_minute: int = 20
    # The Plotly bundle browsers get: "app" (only the traces the pages draw, scripts and
    # fonts compressed once at the strongest level) or "full" (Dash's own, as before)
    plotly_bundle: str = "app"

    @property
    def boundaries_dir(self) -> Path:
        """Folder holding the COD-AB layers."""
        return self.require_source() / "boundaries"

    @property
    def indicators_dir(self) -> Path:
        """Folder holding the published indicator tables."""
        return self.require_source() / "indicators"

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL of the store (SQLite in the build folder by default)."""
        return self.database_url or f"sqlite:///{self.build_dir / 'warroom.sqlite'}"

    @property
    def geojson_dir(self) -> Path:
        """Static GeoJSON files the browser fetches."""
        return self.build_dir / "geojson"

    @property
    def geometry_dir(self) -> Path:
        """GeoParquet layers for analysis."""
        return self.build_dir / "geometry"

    @property
    def audit_path(self) -> Path:
        """The audit log (JSON lines)."""
        return self.audit_log or self.build_dir / "audit.log"

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded files wait between the preview and the load."""
        return self.build_dir / "uploads"

    def child_environment(self) -> dict[str, str]:
        """This process's environment with the build folder and store of these settings, for
        a ``warroom`` command started as a child process (it reads its settings again)."""
        env = {**os.environ, "WARROOM_BUILD_DIR": str(self.build_dir)}
        if self.database_url:
            env["WARROOM_DATABASE_URL"] = self.database_url
        return env

    def session_secret(self) -> str:
        """The cookie-signing key: the setting, or one generated once into the build folder."""
        if self.secret_key:
            return self.secret_key
        import secrets

        path = self.build_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()

    def require_source(self) -> Path:
        """Return the source folder, or fail with where the official data comes from."""
        from warroom.errors import SourceMissingError

        if self.source_dir is None:
            raise SourceMissingError(
                "No source of reference data found: WARROOM_SOURCE_DIR is not set and "
                f"../shared/data does not exist. {HDX_HELP}"
            )
        if not Path(self.source_dir).is_dir():
            raise SourceMissingError(
                f"WARROOM_SOURCE_DIR={self.source_dir} is not a folder. {HDX_HELP}"
            )
        return Path(self.source_dir)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once)."""
    return Settings()
