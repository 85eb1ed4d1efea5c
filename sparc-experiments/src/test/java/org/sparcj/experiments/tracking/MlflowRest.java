package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads an MLflow server back through its REST API (plain HTTP + Jackson), independent of the Java client. */
final class MlflowRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String uri;
    private final String authorization;
    private final HttpClient http = HttpClient.newHttpClient();

    MlflowRest(String uri) {
        this(uri, null);
    }

    /** {@code authorization}: the Authorization header sent with every request (null: none). */
    MlflowRest(String uri, String authorization) {
        this.uri = uri;
        this.authorization = authorization;
    }

    String experimentId(String name) {
        return get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(name)).at("/experiment/experiment_id").asText();
    }

    /** All runs of the experiment matching the filter (follows next_page_token). */
    List<JsonNode> searchRuns(String experimentId, String filter) {
        List<JsonNode> runs = new ArrayList<>();
        String token = null;
        do {
            var body = JSON.createObjectNode();
            body.putArray("experiment_ids").add(experimentId);
            body.put("filter", filter);
            body.put("max_results", 100);
            if (token != null) body.put("page_token", token);
            JsonNode r = post("/api/2.0/mlflow/runs/search", body.toString());
            r.path("runs").forEach(runs::add);
            token = r.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return runs;
    }

    JsonNode run(String runId) {
        return get("/api/2.0/mlflow/runs/get?run_id=" + enc(runId)).get("run");
    }

    static Map<String, String> params(JsonNode run) {
        return keyValues(run.at("/data/params"));
    }

    static Map<String, String> tags(JsonNode run) {
        return keyValues(run.at("/data/tags"));
    }

    private static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> out = new TreeMap<>();
        array.forEach(n -> out.put(n.get("key").asText(), n.get("value").asText()));
        return out;
    }

    /** The whole history of one metric, as the server stores it (follows next_page_token). */
    List<JsonNode> metricHistory(String runId, String key) {
        List<JsonNode> points = new ArrayList<>();
        String token = null;
        do {
            JsonNode r = get("/api/2.0/mlflow/metrics/get-history?run_id=" + enc(runId) + "&metric_key=" + enc(key)
                    + "&max_results=25000" + (token == null ? "" : "&page_token=" + enc(token)));
            r.path("metrics").forEach(points::add);
            token = r.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return points;
    }

    /** Files and folders directly under {@code path} of the run's artifacts: path -> size (-1 for a folder). */
    Map<String, Long> listArtifacts(String runId, String path) {
        JsonNode r = get("/api/2.0/mlflow/artifacts/list?run_id=" + enc(runId) + (path.isEmpty() ? "" : "&path=" + enc(path)));
        Map<String, Long> out = new TreeMap<>();
        r.path("files").forEach(f -> out.put(f.get("path").asText(), f.path("is_dir").asBoolean() ? -1L : f.path("file_size").asLong()));
        return out;
    }

    /** The bytes of one artifact, through the server's artifact proxy. */
    byte[] artifact(String experimentId, String runId, String path) {
        return send(HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/"
                + runId + "/artifacts/" + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode get(String path) {
        return parse(send(HttpRequest.newBuilder(URI.create(uri + path)).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode post(String path, String body) {
        return parse(send(HttpRequest.newBuilder(URI.create(uri + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private <T> T send(HttpRequest plain, HttpResponse.BodyHandler<T> handler) {
        HttpRequest req = authorization == null ? plain
                : HttpRequest.newBuilder(plain, (k, v) -> true).header("Authorization", authorization).build();
        try {
            HttpResponse<T> r = http.send(req, handler);
            assertEquals(200, r.statusCode(), () -> req.method() + " " + req.uri() + " -> " + r.statusCode() + " " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(req.method() + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
