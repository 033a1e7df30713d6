package com.powermap.neo4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.locker.FileLockException;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Runs Neo4j 5.26 Community embedded for Powermap's default, no-install set-up.
 *
 * <p>Bolt and HTTP listen on 127.0.0.1 only: the embedded server is a developer's and CI's
 * database, never a shared one. Memory is set explicitly so a 2-core, 24 GiB machine can run
 * Neo4j, the API and the tests side by side. Neo4j Browser is served by the HTTP connector from
 * the neo4j-browser jar on the classpath. The process prints one line "READY bolt=... http=..."
 * when it accepts connections and shuts the database down cleanly on SIGTERM or SIGINT.
 *
 * <p>The HTTP connector names its own origin ({@code http://127.0.0.1:<http port>}) as the only one
 * allowed by CORS, instead of Neo4j's default {@code *}: no other web page a developer visits gets
 * its preflight approved or may read a response. Neo4j Browser is served from that origin and
 * talks to the server from it, so it needs nothing more. CORS cannot refuse a request by itself;
 * what keeps a foreign page from writing through the transactional endpoint is that a request a
 * page may send without a preflight carries no Authorization header (so it gets 401) and no JSON
 * content type (so the endpoint answers 415). Bolt over WebSocket on the Bolt port checks no
 * origin at all (Neo4j 5.26 has no setting for it): only a real password protects it.
 *
 * <p>With {@code --owner-pid} the server stops cleanly when that process ends, however it ends
 * ({@code powermap serve} passes its own pid, so even a {@code kill -9} leaves no orphan).
 *
 * <p>Failures a user can fix (a taken port, a data folder locked by another process) print one
 * line starting with "ERROR" and exit with status 2.
 */
public final class EmbeddedNeo4j {

    private EmbeddedNeo4j() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path dataDir = Path.of(options.getOrDefault("data", "neo4j-data")).toAbsolutePath();
        int boltPort = Integer.parseInt(options.getOrDefault("bolt-port", "7687"));
        int httpPort = Integer.parseInt(options.getOrDefault("http-port", "7474"));
        String password = System.getenv().getOrDefault("POWERMAP_NEO4J_PASSWORD", "");

        refuseTakenPort("Bolt", boltPort);
        refuseTakenPort("HTTP", httpPort);
        Files.createDirectories(dataDir);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dataDir);
        String extraConfig = options.get("config");
        if (extraConfig != null) {
            builder.loadPropertiesFromFile(Path.of(extraConfig));
        }
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(HttpConnector.enabled, true)
                .setConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", httpPort))
                .setConfig(HttpConnector.advertised_address, new SocketAddress("127.0.0.1", httpPort))
                .setConfig(ServerSettings.http_access_control_allow_origin, "http://127.0.0.1:" + httpPort)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(options.getOrDefault("page-cache", "1g")))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        ByteUnit.parse(options.getOrDefault("tx-memory", "2g")))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size,
                        ByteUnit.parse(options.getOrDefault("tx-memory-per-tx", "1g")))
                .setConfig(GraphDatabaseSettings.transaction_timeout,
                        Duration.ofSeconds(Long.parseLong(options.getOrDefault("tx-timeout-seconds", "120"))))
                .setConfig(GraphDatabaseSettings.auth_enabled, !password.isEmpty())
                // Neo4j's Bolt server waits 5 s for its connections and 5 s more for its network threads
                // only after the databases have stopped (in-flight transactions are waited for before
                // that), so every stop spent 10 s doing nothing. One second each: debug.log then says
                // the worker event loop group "exceeded maximum permitted duration", which is harmless
                // (the process exits next).
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));

        DatabaseManagementService service;
        try {
            service = builder.build();
        } catch (RuntimeException e) {
            fail(explain(e, dataDir));
            return;
        }
        if (!password.isEmpty()) {
            try {
                setPassword(service, password);
            } catch (RuntimeException e) {
                service.shutdown();
                fail("could not set the neo4j user's password: " + e.getMessage());
            }
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            service.shutdown();
            System.out.println("STOPPED");
            stopped.countDown();
        }, "neo4j-shutdown"));

        String owner = options.get("owner-pid");
        if (owner != null) {
            stopWhenOwnerEnds(Long.parseLong(owner));
        }

        System.out.printf("READY bolt=bolt://127.0.0.1:%d http=http://127.0.0.1:%d/browser/ data=%s%n",
                boltPort, httpPort, dataDir);
        System.out.flush();
        stopped.await();
    }

    /** Exits (running the shutdown hook, so the database closes cleanly) once the owner process ends. */
    private static void stopWhenOwnerEnds(long ownerPid) {
        ProcessHandle.of(ownerPid).ifPresentOrElse(
                owner -> owner.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
    }

    /**
     * Sets the built-in neo4j user's password so Bolt clients log in with the configured secret.
     * Neo4j refuses to "change" a password to the one already set, which on a restart simply
     * means there is nothing to do.
     */
    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void refuseTakenPort(String connector, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            fail(String.format("%s port %d on 127.0.0.1 is already in use; stop what holds it or choose another port",
                    connector, port));
        }
    }

    private static String explain(Throwable error, Path dataDir) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileLockException) {
                return "data folder " + dataDir + " is locked by another Neo4j process; stop it first";
            }
        }
        return "Neo4j failed to start: " + error;
    }

    private static void fail(String message) {
        System.out.println("ERROR " + message);
        System.out.flush();
        System.exit(2);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                fail("unexpected argument " + args[i] + "; options are --name value pairs");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
