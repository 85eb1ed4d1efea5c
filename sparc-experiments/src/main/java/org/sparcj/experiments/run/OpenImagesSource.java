package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.data.ingest.ImportProgress;
import org.sparcj.data.openimages.OpenImagesImport;
import org.sparcj.experiments.config.DataSettings;

/**
 * {@code openimages}: the official SPARC code's Open Images features with their labels, imported once
 * per settings and input files into {@code <cache_dir>/openimages-<hash>}.
 */
public final class OpenImagesSource implements DataSource {
    @Override
    public Path directory(DataSettings settings) {
        return ImportedSource.cached(settings, "openimages", settings.openimages(),
                OpenImagesImport.inputs(settings.openimages()),
                tmp -> OpenImagesImport.run(settings.openimages(), tmp, ImportProgress.NONE));
    }

    @Override
    public void check(DataSettings settings) {
        ImportedSource.check("sparc.data.openimages", () -> OpenImagesImport.inputs(settings.openimages()));
    }

    @Override
    public String kind() {
        return "Open Images";
    }
}
