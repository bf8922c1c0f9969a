"""The graph store: every read and write of the database, one code path for two engines.

The store talks to Neo4j 5 (when ``NEO4J_URI`` is set) or to the embedded
ArcadeDB engine through the official ``neo4j`` driver, with the Cypher kept in
``queries/``. Its jobs live in their own modules, behind this one front:

========================  =====================================================
``graph.db.connection``   driver, named queries, retries, errors in German
``graph.db.access``       role checks, the guarded write, users, audit log
``graph.db.schema``       constraints and indexes, data revision, counts, ids
``graph.db.merge``        whole datasets: merge or replace, dry run
``graph.db.records``      single-record edits with optimistic concurrency
``graph.db.views``        saved views of the Präsentation page
``graph.db.survey``       the survey's review queue, aliases and rounds
``graph.db.selfcheck``    self-check links (Selbstauskunft) and what a link may do
========================  =====================================================
"""

from __future__ import annotations

from collections.abc import Mapping

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from graph import config
from graph.auth import Principal
from graph.db.connection import first_line, native
from graph.db.engine import DATABASE, USER, EmbeddedEngine
from graph.db.merge import WriteSummary
from graph.db.queries import QUERIES, QueryLoader
from graph.db.selfcheck import SelfCheckStore
from graph.db.survey import SurveyStore
from graph.db.views import ViewStore
from graph.errors import EngineError

__all__ = ["Store", "WriteSummary", "native"]


class Store(SurveyStore, ViewStore, SelfCheckStore):
    """Access to one graph database.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver.
    database : str
        The database name to use.
    engine : str
        ``"embedded"`` or ``"neo4j"``, for messages and status.
    principal : Principal or None
        On whose behalf writes are made; every write checks its role and is
        entered in the audit log. Without a principal the store only reads.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        *,
        engine: str,
        loader: QueryLoader = QUERIES,
        principal: Principal | None = None,
    ) -> None:
        super().__init__(driver, database, engine=engine, loader=loader)
        self.principal = principal
        self.batch_size = config.get_int("BILDUNGSNETZ_BATCH_SIZE")
        self._schema_ready = False

    def acting_as(self, principal: Principal | None) -> Store:
        """The same database (one driver) acting on behalf of ``principal``."""
        other = Store(self.driver, self.database, engine=self.engine, loader=self.loader, principal=principal)
        other._schema_ready = self._schema_ready
        other.data_dir = self.data_dir
        return other

    @classmethod
    def open(
        cls,
        *,
        schema: bool = True,
        environ: Mapping[str, str] | None = None,
        principal: Principal | None = None,
    ) -> Store:
        """Open the configured database: Neo4j if ``NEO4J_URI`` is set, else the embedded engine.

        The embedded engine is started if it is not running. The schema is
        created on first use unless ``schema`` is False. ``environ`` replaces
        ``os.environ`` as the source of settings. Writes need a ``principal``.

        Raises
        ------
        EngineError, ConfigError, DatabaseError
            With a German sentence if the database cannot be reached.
        """
        uri = config.neo4j_uri(environ)
        if uri:
            auth = (str(config.get("NEO4J_USER", environ)), config.neo4j_password(environ))
            database = str(config.get("NEO4J_DATABASE", environ))
            try:
                driver = GraphDatabase.driver(uri, auth=auth)
            except (DriverError, ValueError) as exc:
                raise EngineError(f"Die Adresse NEO4J_URI ({uri}) ist ungültig: {first_line(exc)}") from exc
            store = cls(driver, database, engine="neo4j", principal=principal)
        else:
            engine = EmbeddedEngine(config.data_dir(environ), port=config.get_int("BILDUNGSNETZ_ENGINE_PORT", environ))
            info = engine.ensure_running()
            driver = GraphDatabase.driver(info.uri, auth=(USER, engine.password()))
            store = cls(driver, DATABASE, engine="embedded", principal=principal)
            store.data_dir = engine.data_dir
        try:
            store.driver.verify_connectivity()
            if schema:
                store.ensure_schema()
        except (Neo4jError, DriverError, OSError) as exc:
            store.close()
            error = store.failure(exc, writing=False)
            if isinstance(error, EngineError):
                where = uri or "eingebettete Datenbank"
                error = EngineError(f"Die Datenbank ({where}) ist nicht erreichbar: {first_line(exc)}")
            raise error from exc
        except BaseException:
            store.close()
            raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
