package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.data.coco.CocoImport;
import org.sparcj.data.ingest.ImportProgress;
import org.sparcj.experiments.config.DataSettings;

/**
 * {@code coco}: the official SPARC code's MS-COCO features with their labels, imported once per
 * settings and input files into {@code <cache_dir>/coco-<hash>}.
 */
public final class CocoSource implements DataSource {
    @Override
    public Path directory(DataSettings settings) {
        return ImportedSource.cached(settings, "coco", settings.coco(), CocoImport.inputs(settings.coco()),
                tmp -> CocoImport.run(settings.coco(), tmp, ImportProgress.NONE));
    }

    @Override
    public void check(DataSettings settings) {
        ImportedSource.check("sparc.data.coco", () -> CocoImport.inputs(settings.coco()));
    }

    @Override
    public String kind() {
        return "MS-COCO";
    }
}
