package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparcj.data.DataFileException;
import org.sparcj.data.extract.TextEmbedder;
import org.sparcj.data.extract.TextEmbedders;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.Manifest;
import org.sparcj.data.store.PatchFeatures;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.localise.HeatmapImages;
import org.sparcj.experiments.localise.LatentQuery;
import org.sparcj.experiments.localise.Localiser;
import org.sparcj.experiments.localise.PatchAttribution;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.model.SparcModel;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Heatmaps of a query over patch features (docs/LOCALISATION.md). */
@Command(name = "localise", mixinStandardHelpOptions = true,
        description = {"Localise a query in images seen by a vision stream with patch features: each patch's",
                "contribution to the query's latents in that stream's encoder (exact for mean-pooled features,",
                "an approximation for CLS features). Writes heatmaps.npy, samples.txt, one PNG per sample",
                "(over the image when images.tsv beside the store names one) and localise.json."})
public final class LocaliseCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final DataSources dataSources;

    @Parameters(index = "0", paramLabel = "RUN", description = "a run or grid-cell directory (holds config.conf and checkpoint/)")
    Path runDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    QueryOption query;

    static final class QueryOption {
        @Option(names = "--query", paramLabel = "TEXT", description = "a text, embedded by the text model the manifest names for the text stream")
        String text;

        @Option(names = "--query-row", paramLabel = "ID", description = "a sample whose text-stream row (its caption) is the query")
        String row;

        @Option(names = "--latents", paramLabel = "IDS", split = ",", description = "latent IDs, comma-separated")
        List<Integer> latents;
    }

    @Option(names = "--stream", paramLabel = "NAME", description = "the vision stream (default: the one stream with patch features)")
    String stream;

    @Option(names = "--text-stream", paramLabel = "NAME",
            description = "the stream that encodes --query and --query-row (default: the one stream whose manifest entry names a text model)")
    String textStream;

    @Option(names = "--samples", paramLabel = "IDS", split = ",", description = "sample IDs to draw (default: the --top samples with the highest query logit)")
    List<String> samples;

    @Option(names = "--top", paramLabel = "N", defaultValue = "8", description = "samples drawn without --samples (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--data", paramLabel = "STORE", description = "a feature store directory (default: the run's own data)")
    Path store;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    LocaliseCommand(ConfigLoader loader, DataSources dataSources) {
        this.loader = loader;
        this.dataSources = dataSources;
    }

    @Override
    public Integer call() {
        if (top <= 0) throw new IllegalArgumentException("--top " + top + ": must be > 0");
        RunDirectory rd = new RunDirectory(runDir);
        ExperimentConfig cfg = RunInputs.config(loader, rd);
        Path dir = store != null ? store : dataSources.require(cfg).directory(cfg.data());
        try (FeatureStore fs = FeatureStore.open(dir)) {
            Manifest manifest = Manifest.read(dir);
            String vision = stream != null ? stream : onlyStream(manifest, e -> e.patches() != null, "--stream", "has patch features");
            int v = index(fs, vision, "--stream");
            // Checked before the model loads: shapes, then the query's inputs.
            PatchFeatures patches = PatchFeatures.open(fs, vision);
            TextEmbedder embedder = query.text == null ? null : embedder(manifest);
            try (SparcModel model = SparcModel.loadForInference(rd.checkpoint(), null)) {
                LatentQuery q = resolve(model, fs, manifest, embedder);
                var params = model.parameters().get(v);
                List<String> ids = samples != null ? samples
                        : Localiser.topSamples(fs, v, patches, new PatchAttribution(params, patches.spec().pooling()), q, top);
                Localiser.Written w = Localiser.write(out, params, patches, q, ids, HeatmapImages.images(dir), describe());
                var o = spec.commandLine().getOut();
                o.printf("localise %s in %s (%s pooling, %d latents): %d heatmaps (%d over images) -> %s%n", describe(), vision,
                        patches.spec().pooling().name().toLowerCase(java.util.Locale.ROOT), q.latents().length,
                        w.samples().size(), w.onImages(), out);
                o.flush();
            }
        } catch (DataFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SparcCli.OK;
    }

    private String describe() {
        if (query.text != null) return "--query \"" + query.text + "\"";
        if (query.row != null) return "--query-row " + query.row;
        return "--latents " + query.latents.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
    }

    private TextEmbedder embedder(Manifest manifest) {
        String text = textStream(manifest, "--query");
        String name = manifest.stream(text).textModel();
        if (name == null)
            throw new IllegalArgumentException("--query: stream '" + text + "' names no text model in the manifest (text_model); "
                    + "use --query-row or --latents");
        TextEmbedder e = TextEmbedders.byName(name);
        if (e.dim() != manifest.stream(text).dim())
            throw new IllegalArgumentException("--query: text model '" + name + "' gives width " + e.dim() + ", stream '" + text
                    + "' has " + manifest.stream(text).dim());
        return e;
    }

    private String textStream(Manifest manifest, String option) {
        if (textStream != null) {
            if (manifest.stream(textStream) == null)
                throw new IllegalArgumentException("--text-stream " + textStream + ": no such stream; streams: "
                        + manifest.streams().stream().map(Manifest.Entry::name).toList());
            return textStream;
        }
        List<String> named = manifest.streams().stream().filter(e -> e.textModel() != null).map(Manifest.Entry::name).toList();
        if (named.size() == 1) return named.get(0);
        throw new IllegalArgumentException(option + ": " + (named.isEmpty()
                ? "no stream of the store names a text model in its manifest (text_model)" + (option.equals("--query")
                        ? "; use --query-row or --latents" : "; name the caption stream with --text-stream")
                : "several streams name a text model " + named + "; choose one with --text-stream"));
    }

    private LatentQuery resolve(SparcModel model, FeatureStore fs, Manifest manifest, TextEmbedder embedder) {
        if (query.latents != null) return LatentQuery.ofIds(query.latents, model.latentSize());
        String text = textStream(manifest, query.text != null ? "--query" : "--query-row");
        int t = index(fs, text, "--text-stream");
        float[] x;
        if (query.text != null) {
            x = embedder.embed(List.of(query.text))[0];
        } else {
            long row = -1;
            for (long r = 0; r < fs.size() && row < 0; r++) if (fs.sampleId(r).equals(query.row)) row = r;
            if (row < 0) throw new IllegalArgumentException("--query-row " + query.row + ": no such sample in " + fs.directory());
            x = new float[fs.streams().get(t).dim()];
            fs.readRows(t, new long[] {row}, x);
        }
        return LatentQuery.ofCodes(model.encode(t, x, 1));
    }

    private static String onlyStream(Manifest m, java.util.function.Predicate<Manifest.Entry> which, String option, String what) {
        List<String> names = m.streams().stream().filter(which).map(Manifest.Entry::name).toList();
        if (names.size() != 1)
            throw new IllegalArgumentException(option + ": " + (names.isEmpty() ? "no stream " + what
                    : "several streams " + what + " " + names + "; choose one with " + option));
        return names.get(0);
    }

    private static int index(FeatureStore fs, String name, String option) {
        for (int s = 0; s < fs.streams().size(); s++) if (fs.streams().get(s).name().equals(name)) return s;
        throw new IllegalArgumentException(option + " " + name + ": no such stream; streams: "
                + Arrays.toString(fs.streams().stream().map(x -> x.name()).toArray()));
    }
}
