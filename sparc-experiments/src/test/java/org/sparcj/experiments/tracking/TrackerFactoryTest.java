package org.sparcj.experiments.tracking;

import org.sparcj.experiments.config.TrackingSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerFactoryTest {
    @TempDir
    Path dir;

    @Test
    void configuredUriWinsOverTheEnvironmentAndBlankMeansUnset() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://env:5000");
        assertEquals(Optional.of("http://conf:5000"), TrackingSettings.resolveUri("http://conf:5000", env));
        assertEquals(Optional.of("http://env:5000"), TrackingSettings.resolveUri(null, env));
        assertEquals(Optional.of("http://env:5000"), TrackingSettings.resolveUri("  ", env));
        assertEquals(Optional.empty(), TrackingSettings.resolveUri(null, Map.of()));
        assertEquals(Optional.empty(), TrackingSettings.resolveUri("", Map.of("MLFLOW_TRACKING_URI", " ")));
    }

    @Test
    void withoutAUriTheLocalStoreIsUsed() {
        Tracker t = TrackerFactory.open("  ", MlflowCredentials.NONE, false, dir);
        LocalStoreTracker local = assertInstanceOf(LocalStoreTracker.class, t);
        assertEquals(dir, local.root());
        assertTrue(t.describe().contains(dir.toString()));
    }

    @Test
    void anUnreachableUriFailsAtOnceNamingIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + port;
        TrackerUnavailableException e = assertThrows(TrackerUnavailableException.class,
                () -> TrackerFactory.open(uri, MlflowCredentials.NONE, false, dir));
        assertTrue(e.getMessage().contains(uri), e.getMessage());
        TrackerUnavailableException direct = assertThrows(TrackerUnavailableException.class, () -> new MlflowTracker(uri + "/"));
        assertTrue(direct.getMessage().contains(uri + "/health"), direct.getMessage());
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class, () -> new MlflowTracker("file:///tmp/x"));
        assertTrue(scheme.getMessage().contains("file:///tmp/x"));
    }

    @Test
    void standardTagsCarryTheCommitAndTheConfigHash() {
        Map<String, String> tags = RunTags.standard("0123abcd");
        assertEquals("0123abcd", tags.get(RunTags.CONFIG_HASH));
        String commit = tags.get(RunTags.GIT_COMMIT);
        assertTrue(commit.equals("unknown") || commit.matches("[0-9a-f]{40}"), commit);
        String h = RunTags.configHash(Map.of("a", "1", "b", "2"));
        assertEquals(12, h.length());
        assertEquals(h, RunTags.configHash(new java.util.TreeMap<>(Map.of("b", "2", "a", "1"))));
        assertNotEquals(h, RunTags.configHash(Map.of("a", "1", "b", "3")));
    }

    @Test
    void longParamValuesAreCutWithAMarker() {
        String v = "x".repeat(7000);
        String cut = MlflowTracker.truncate(v, 6000);
        assertEquals(6000, cut.length());
        assertTrue(cut.endsWith("...[truncated 7000 chars]"), cut.substring(5900));
        assertEquals("short", MlflowTracker.truncate("short", 6000));
        assertEquals("1/abc/artifacts", MlflowTracker.artifactProxyPath("1", "abc", "mlflow-artifacts:/1/abc/artifacts"));
        assertEquals("1/abc/artifacts", MlflowTracker.artifactProxyPath("1", "abc", "mlflow-artifacts://host:5000/1/abc/artifacts"));
        assertEquals("7/r/artifacts", MlflowTracker.artifactProxyPath("7", "r", "s3://bucket/x"));
        assertEquals("streams_0_.dim", MlflowTracker.safeKey("streams[0].dim"));
        assertEquals("eval/nmse a-b_c.d", MlflowTracker.safeKey("eval/nmse a-b_c.d"));
        assertEquals(250, MlflowTracker.safeKey("k".repeat(300)).length());
    }
}
