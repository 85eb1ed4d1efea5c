package org.sparcj.experiments.run;

import org.sparcj.experiments.config.DataSettings;

/** Opens (and for the synthetic benchmark, first generates and caches) the data a run needs. */
public interface DataProvider {
    RunData open(DataSettings settings);
}
