package org.sparcj.experiments.wiring;

import java.util.Map;
import org.sparcj.experiments.config.TrackingSettings;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.experiments.tracking.TrackerFactory;

/** The one place that maps tracking settings onto a tracker implementation. */
final class Trackers {
    private Trackers() {
    }

    static Tracker create(TrackingSettings settings, Map<String, String> env) {
        return TrackerFactory.create(settings.uri(), settings.localStore(), env);
    }
}
