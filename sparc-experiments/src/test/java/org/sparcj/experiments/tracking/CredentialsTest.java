package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.cli.SparcCli;
import org.sparcj.experiments.testing.TinyData;
import picocli.CommandLine;

/**
 * Credentials reach the server on every call (basic auth against a real `mlflow server --app-name
 * basic-auth`, a bearer token against a loopback endpoint that records headers) and nowhere else:
 * not in stdout, params, artifacts, the run directory or the local store. A server that does not
 * answer, or refuses us, stops the run before any work with one line and exit 2.
 */
class CredentialsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int sparc(Map<String, String> env, String... args) {
        CommandLine cl = SparcCli.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    private String[] train(String name, String uri, String... more) throws IOException {
        String d = dir.toString().replace("\\", "/");
        Path conf = dir.resolve("base.conf");
        Files.writeString(conf, """
                sparc {
                  %s
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 1, log_every = 2, learning_rate = 0.01 }
                  eval.enabled = false
                  run { output_dir = "%s/runs", progress = false }
                  tracking { local_store = "%s/store", experiment = creds }
                }
                """.formatted(TinyData.settings(dir), d, d));
        List<String> args = new ArrayList<>(List.of("train", "-c", conf.toString(), "--name", name, "tracking.uri=" + uri));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void basicAuthReachesTheServerAndTheSecretStaysOutOfEverythingWeWrite() throws IOException {
        String secret = "pw-" + Long.toHexString(System.nanoTime());
        MlflowTestServer server = MlflowTestServer.basicAuth(secret);
        String uri = server.uri();
        String inUri = uri.replace("http://", "http://admin:" + secret + "@");

        assertEquals(0, sparc(Map.of(), train("in-uri", inUri)), out.toString());
        assertEquals(0, sparc(Map.of(MlflowCredentials.USERNAME_ENV, "admin", MlflowCredentials.PASSWORD_ENV, secret),
                train("from-env", uri)), out.toString());

        int before = out.getBuffer().length();
        assertEquals(SparcCli.USAGE, sparc(Map.of(), train("no-credentials", uri)));
        String refused = out.toString().substring(before).trim();
        assertEquals(1, refused.lines().count(), refused);
        assertTrue(refused.startsWith("error: MLflow at " + uri + " refused no credentials (HTTP 401)"), refused);
        assertFalse(Files.exists(dir.resolve("runs/no-credentials/status")), "no run started");

        MlflowRest rest = new MlflowRest(uri, "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + secret).getBytes(StandardCharsets.UTF_8)));
        String exp = rest.experimentId("creds");
        List<JsonNode> runs = rest.searchRuns(exp, "");
        assertEquals(2, runs.size(), "both authenticated runs logged");
        for (JsonNode r : runs) {
            JsonNode run = rest.run(r.at("/info/run_id").asText());
            assertEquals("FINISHED", run.at("/info/status").asText());
            Map<String, String> params = MlflowRest.params(run);
            params.forEach((k, v) -> assertFalse(v.contains(secret), k + " = " + v));
            assertFalse(MlflowRest.tags(run).toString().contains(secret));
            String config = new String(rest.artifact(exp, r.at("/info/run_id").asText(), "config.conf"), StandardCharsets.UTF_8);
            assertTrue(config.contains("tracking") && !config.contains(secret), config);
        }
        assertTrue(out.toString().contains(uri) && !out.toString().contains(secret), out.toString());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret), "secret in " + f);
            }
        }
    }

    @Test
    void aBearerTokenGoesWithEveryRequest() throws IOException {
        List<String> seen = new ArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            synchronized (seen) {
                seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + "|" + ex.getRequestHeaders().getFirst("Authorization"));
            }
            ex.getRequestBody().readAllBytes();
            byte[] body = ex.getRequestURI().getPath().equals("/health") ? "OK".getBytes() : "{}".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        try {
            String uri = "http://127.0.0.1:" + http.getAddress().getPort();
            Path file = Files.writeString(dir.resolve("report.json"), "{}");
            try (MlflowTracker tracker = new MlflowTracker(uri, new MlflowCredentials(null, null, "tok-123"), true)) {
                assertTrue(tracker.findRun("exp", "run").isEmpty());
                tracker.uploadArtifact("1", "abc", "mlflow-artifacts:/1/abc/artifacts", file, "report.json");
            }
            assertEquals(List.of("GET /health", "GET /api/2.0/mlflow/experiments/search", "POST /api/2.0/mlflow/experiments/search",
                    "PUT /api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/report.json"),
                    seen.stream().map(s -> s.substring(0, s.indexOf('|'))).toList());
            seen.forEach(s -> assertTrue(s.endsWith("|Bearer tok-123"), s));
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aServerThatDoesNotAnswerStopsTheRunUnlessFallbackIsLocal() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + port;
        assertEquals(SparcCli.USAGE, sparc(Map.of(), train("down", uri)));
        String e = out.toString().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: MLflow tracking server at " + uri + " is unreachable"), e);
        assertFalse(Files.exists(dir.resolve("store")), "no run in the local store");
        assertFalse(Files.exists(dir.resolve("runs/down/status")), "no run started");

        out.getBuffer().setLength(0);
        assertEquals(SparcCli.USAGE, sparc(Map.of(), "--verbose", "train", "-c", dir.resolve("base.conf").toString(),
                "tracking.uri=" + uri));
        assertTrue(out.toString().contains("\tat org.sparcj."), "--verbose prints the stack trace: " + out);

        assertEquals(0, sparc(Map.of(), train("down", uri, "tracking.fallback=local")), out.toString());
        List<LocalRun> runs = new LocalStoreTracker(dir.resolve("store")).allRuns();
        assertEquals(1, runs.size());
        assertEquals(SyncState.PENDING, runs.get(0).meta().syncState(), "waits for a later sync");
        assertEquals(RunStatus.FINISHED, runs.get(0).meta().status());
    }
}
