package org.sparcj.experiments.wiring;

import java.util.Map;
import org.sparcj.experiments.config.TrackingSettings;
import org.sparcj.experiments.tracking.Tracker;

/** The one place that maps tracking settings onto a tracker implementation. */
final class Trackers {
    private Trackers() {
    }

    static Tracker create(TrackingSettings settings, Map<String, String> env) {
        String uri = settings.effectiveUri(env);
        // TODO(after merge): org.sparcj.experiments.tracking.TrackerFactory (MLflow with local fallback / local store).
        throw new UnsupportedOperationException("tracker implementations are not merged yet (uri '" + uri
                + "', local store " + settings.localStore() + ")");
    }
}
