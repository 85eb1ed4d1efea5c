package org.sparcj.experiments.tracking;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;

/**
 * Records runs on an MLflow tracking server through the MLflow Java client. Nested runs carry the
 * tag {@code mlflow.parentRunId}; params, tags and metrics go in batches within the server's
 * limits; artifacts are uploaded over HTTP to the server's artifact proxy (the client's own upload
 * needs Python). The server is probed at construction: an unreachable URI fails at once, naming it,
 * and so do credentials it refuses. Credentials ({@link MlflowCredentials}) go with every HTTP call:
 * the client's, the probes and the artifact uploads; the URI kept, printed and stored has no user info.
 */
public final class MlflowTracker implements Tracker {
    /** MLflow 2.x's limit on a param value; older servers allow 500 (pass that to the constructor). */
    public static final int DEFAULT_MAX_PARAM_LENGTH = 6000;
    /** MLflow 2.x's limit on a tag value is 8000; stay below the older 5000 to be safe. */
    static final int MAX_TAG_LENGTH = 5000;
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_PER_BATCH = 100;
    static final int MAX_TAGS_PER_BATCH = 100;
    static final String PARENT_TAG = "mlflow.parentRunId";
    static final String RUN_NAME_TAG = "mlflow.runName";

    private final String uri;
    private final MlflowCredentials credentials;
    private final int maxParamLength;
    private final MlflowClient client;
    private final HttpClient http;
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();

    /** Connects to {@code uri} (http or https; user info in it is used as basic auth) and checks it answers. */
    public MlflowTracker(String uri) {
        this(uri, MlflowCredentials.of(uri, Map.of()), true);
    }

    public MlflowTracker(String uri, int maxParamValueLength) {
        this(uri, MlflowCredentials.of(uri, Map.of()), maxParamValueLength, true);
    }

    /** With {@code probe} false the server is not asked yet (a tracker that starts in its local fallback). */
    public MlflowTracker(String uri, MlflowCredentials credentials, boolean probe) {
        this(uri, credentials, DEFAULT_MAX_PARAM_LENGTH, probe);
    }

    private MlflowTracker(String uri, MlflowCredentials credentials, int maxParamValueLength, boolean probe) {
        if (uri == null || !(uri.startsWith("http://") || uri.startsWith("https://"))) {
            throw new IllegalArgumentException("MLflow tracking URI must be http:// or https://, got '"
                    + MlflowCredentials.redact(uri) + "'");
        }
        if (maxParamValueLength < 50) throw new IllegalArgumentException("maxParamValueLength must be >= 50, got " + maxParamValueLength);
        this.uri = MlflowCredentials.withoutUserInfo(uri).replaceAll("/+$", "");
        this.credentials = credentials;
        this.maxParamLength = maxParamValueLength;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (probe) checkHealth();
        this.client = new MlflowClient(credentials.provider(this.uri));
    }

    public String uri() {
        return uri;
    }

    /**
     * Throws {@link TrackerUnavailableException} naming the URI unless {@code GET <uri>/health}
     * answers 200, and {@link TrackerException} when the server refuses our credentials (a search
     * needs them where /health does not).
     */
    public void checkHealth() {
        String health = uri + "/health";
        String why;
        try {
            HttpResponse<String> r = http.send(request(URI.create(health)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                checkCredentials();
                return;
            }
            why = "HTTP " + r.statusCode();
        } catch (ConnectException e) {
            why = "connection refused";
        } catch (IOException e) {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        throw new TrackerUnavailableException("MLflow tracking server at " + uri + " is unreachable (GET " + health
                + ": " + why + "). Start one with scripts/mlflow-server.sh start, or unset MLFLOW_TRACKING_URI"
                + " to record into the local store.", null);
    }

    private void checkCredentials() throws IOException, InterruptedException {
        URI search = URI.create(uri + "/api/2.0/mlflow/experiments/search?max_results=1");
        int code = http.send(request(search).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        if (code == 401 || code == 403) {
            throw new TrackerException("MLflow at " + uri + " refused " + credentials + " (HTTP " + code + "): set "
                    + MlflowCredentials.USERNAME_ENV + " and " + MlflowCredentials.PASSWORD_ENV + ", or "
                    + MlflowCredentials.TOKEN_ENV);
        }
    }

    /** A request builder carrying our credentials. */
    HttpRequest.Builder request(URI target) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target);
        credentials.authorization().ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    /** True when {@code GET <uri>/health} answers 200 now. */
    public boolean isReachable() {
        try {
            checkHealth();
            return true;
        } catch (TrackerException e) {
            return false;
        }
    }

    @Override
    public TrackedRun startRun(String experiment, String runName, String parentRunId, Map<String, String> tags) {
        Service.RunInfo info = createRun(experimentId(experiment), runName, parentRunId, tags, System.currentTimeMillis());
        return new MlflowRun(this, info.getRunId(), info.getExperimentId(), info.getArtifactUri());
    }

    /** A handle on an existing run (used by sync to continue a run the server already has). */
    MlflowRun openRun(String runId) {
        Service.RunInfo info = call("get run " + runId, () -> client.getRun(runId)).getInfo();
        return new MlflowRun(this, info.getRunId(), info.getExperimentId(), info.getArtifactUri());
    }

    /**
     * Sets an ended run back to RUNNING (a resumed run goes on in the same MLflow run) and files it
     * under {@code parentRunId} when that is not null.
     */
    MlflowRun reopenRun(String runId, String parentRunId) {
        call("set run " + runId + " back to RUNNING", () -> client.sendPost("runs/update",
                "{\"run_id\": \"" + runId + "\", \"status\": \"RUNNING\"}"));
        MlflowRun run = openRun(runId);
        if (parentRunId != null) run.setTag(PARENT_TAG, parentRunId);
        return run;
    }

    /** The highest step logged for {@code key} in the run, or -1 when none was. */
    long lastStep(String runId, String key) {
        return call("get history of metric " + key, () -> client.getMetricHistory(runId, safeKey(key))).stream()
                .mapToLong(Service.Metric::getStep).max().orElse(-1);
    }

    @Override
    public Optional<RunRecord> getRun(String experiment, String runId) {
        return getRunIfExists(runId).map(MlflowTracker::toRecord);
    }

    @Override
    public TrackedRun reopen(String experiment, String runId, String parentRunId) {
        return reopenRun(runId, parentRunId);
    }

    @Override
    public Optional<RunRecord> findRunByTags(String experiment, Map<String, String> tags) {
        StringBuilder filter = new StringBuilder();
        new TreeMap<>(tags).forEach((k, v) -> filter.append(filter.length() == 0 ? "" : " and ")
                .append("tags.`").append(safeKey(k)).append("` = '").append(quote(v)).append('\''));
        List<RunRecord> runs = search(experiment, filter.toString(), 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** The run if it exists and is not deleted, else empty; never throws for a missing id. */
    Optional<Service.Run> getRunIfExists(String runId) {
        try {
            Service.Run r = call("get run " + runId, () -> client.getRun(runId));
            return "active".equals(r.getInfo().getLifecycleStage()) ? Optional.of(r) : Optional.empty();
        } catch (TrackerUnavailableException e) {
            throw e;
        } catch (TrackerException e) {
            return Optional.empty();
        }
    }

    Service.RunInfo createRun(String experimentId, String runName, String parentRunId, Map<String, String> tags,
                              long startTime) {
        Map<String, String> all = new TreeMap<>(tags == null ? Map.of() : tags);
        all.put(RUN_NAME_TAG, runName);
        if (parentRunId != null) all.put(PARENT_TAG, parentRunId);
        Service.CreateRun.Builder req = Service.CreateRun.newBuilder().setExperimentId(experimentId)
                .setRunName(runName).setStartTime(startTime);
        all.forEach((k, v) -> req.addTags(Service.RunTag.newBuilder().setKey(safeKey(k)).setValue(truncate(v, MAX_TAG_LENGTH))));
        return call("create run '" + runName + "'", () -> client.createRun(req.build()));
    }

    String experimentId(String name) {
        String cached = experimentIds.get(name);
        if (cached != null) return cached;
        String id = call("get or create experiment '" + name + "'", () -> {
            Optional<Service.Experiment> e = findExperiment(name);
            if (e.isPresent()) return e.get().getExperimentId();
            try {
                return client.createExperiment(name);
            } catch (MlflowHttpException race) {
                // Another process created it between our lookup and create.
                return findExperiment(name).orElseThrow(() -> race).getExperimentId();
            }
        });
        experimentIds.put(name, id);
        return id;
    }

    /**
     * The experiment of that name via search: the client's getExperimentByName retries a 404
     * (a missing experiment) as if it were rate limiting, sleeping seconds each time.
     */
    private Optional<Service.Experiment> findExperiment(String name) {
        return client.searchExperiments("name = '" + quote(name) + "'").getItems().stream()
                .filter(e -> e.getName().equals(name)).findFirst();
    }

    @Override
    public Optional<RunRecord> findRun(String experiment, String runName) {
        List<RunRecord> runs = search(experiment, "tags.`" + RUN_NAME_TAG + "` = '" + quote(runName) + "'", 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    @Override
    public List<RunRecord> listRuns(String experiment, String parentRunId) {
        String filter = parentRunId == null ? "" : "tags.`" + PARENT_TAG + "` = '" + quote(parentRunId) + "'";
        List<RunRecord> out = search(experiment, filter, Integer.MAX_VALUE);
        out.sort(java.util.Comparator.comparing(RunRecord::runName));
        return out;
    }

    private List<RunRecord> search(String experiment, String filter, int limit) {
        Optional<Service.Experiment> exp = call("look up experiment '" + experiment + "'", () -> findExperiment(experiment));
        if (exp.isEmpty()) return new ArrayList<>();
        List<String> ids = List.of(exp.get().getExperimentId());
        List<RunRecord> out = new ArrayList<>();
        Page<Service.Run> page = call("search runs", () -> client.searchRuns(ids, filter, Service.ViewType.ACTIVE_ONLY,
                Math.min(limit, 1000), List.of("attributes.start_time DESC")));
        while (true) {
            for (Service.Run r : page.getItems()) {
                if (out.size() >= limit) return out;
                out.add(toRecord(r));
            }
            if (!page.hasNextPage() || out.size() >= limit) return out;
            Page<Service.Run> current = page;
            page = call("search runs (next page)", current::getNextPage);
        }
    }

    static RunRecord toRecord(Service.Run r) {
        Map<String, String> params = new TreeMap<>();
        r.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        Map<String, Double> metrics = new TreeMap<>();
        r.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        Map<String, String> tags = new TreeMap<>();
        r.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        String name = r.getInfo().getRunName().isEmpty() ? tags.getOrDefault(RUN_NAME_TAG, "") : r.getInfo().getRunName();
        return new RunRecord(r.getInfo().getRunId(), name, status(r.getInfo().getStatus()), params, metrics, tags);
    }

    static RunStatus status(Service.RunStatus s) {
        return switch (s) {
            case FINISHED -> RunStatus.FINISHED;
            case FAILED -> RunStatus.FAILED;
            case KILLED -> RunStatus.KILLED;
            default -> RunStatus.RUNNING;
        };
    }

    @Override
    public String describe() {
        return "mlflow " + uri;
    }

    @Override
    public void close() {
        client.close();
    }

    MlflowClient client() {
        return client;
    }

    int maxParamLength() {
        return maxParamLength;
    }

    /** Uploads one file to the run's artifacts at {@code relativePath} through the server's artifact proxy. */
    void uploadArtifact(String experimentId, String runId, String artifactUri, Path file, String relativePath) {
        String base = artifactProxyPath(experimentId, runId, artifactUri);
        StringBuilder path = new StringBuilder();
        for (String seg : (base + "/" + relativePath).split("/")) {
            if (seg.isEmpty()) continue;
            path.append('/').append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        URI target = URI.create(uri + "/api/2.0/mlflow-artifacts/artifacts" + path);
        try {
            HttpRequest req = request(target).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                throw new TrackerUnavailableException("MLflow at " + uri + " failed to store artifact " + file
                        + ": HTTP " + r.statusCode() + " " + r.body(), null);
            }
            if (r.statusCode() != 200) {
                throw new TrackerException("MLflow at " + uri + " rejected artifact " + file + " (PUT " + target
                        + "): HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TrackerException("artifact file not found: " + file, e);
        } catch (IOException e) {
            throw new TrackerUnavailableException("MLflow tracking server at " + uri + " is unreachable while uploading "
                    + file + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException("interrupted while uploading " + file, e);
        }
    }

    /** "mlflow-artifacts:/1/abc/artifacts" -> "1/abc/artifacts"; other schemes fall back to MLflow's default layout. */
    static String artifactProxyPath(String experimentId, String runId, String artifactUri) {
        String prefix = "mlflow-artifacts:";
        if (artifactUri != null && artifactUri.startsWith(prefix)) {
            String rest = artifactUri.substring(prefix.length());
            if (rest.startsWith("//")) {
                int slash = rest.indexOf('/', 2);
                rest = slash < 0 ? "" : rest.substring(slash);
            }
            return rest.replaceAll("^/+", "");
        }
        return experimentId + "/" + runId + "/artifacts";
    }

    /** Runs one client call, turning its exceptions into ours: unreachable or 5xx/429 become TrackerUnavailableException. */
    <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (MlflowHttpException e) {
            String msg = "MLflow at " + uri + " could not " + what + ": HTTP " + e.getStatusCode() + " " + e.getBodyMessage();
            if (e.getStatusCode() >= 500 || e.getStatusCode() == 429) throw new TrackerUnavailableException(msg, e);
            throw new TrackerException(msg, e);
        } catch (MlflowClientException e) {
            throw new TrackerUnavailableException("MLflow tracking server at " + uri + " is unreachable (while trying to "
                    + what + "): " + rootMessage(e), e);
        }
    }

    /**
     * MLflow accepts only letters, digits, '_', '-', '.', ' ' and '/' in param, metric and tag
     * keys (at most 250 chars); others (e.g. "streams[0].dim") become '_'. The local store keeps the original.
     */
    static String safeKey(String key) {
        String k = key.replaceAll("[^A-Za-z0-9_\\-. /]", "_");
        return k.length() <= 250 ? k : k.substring(0, 250);
    }

    static String truncate(String value, int max) {
        if (value == null || value.length() <= max) return value;
        String marker = "...[truncated " + value.length() + " chars]";
        return value.substring(0, max - marker.length()) + marker;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
