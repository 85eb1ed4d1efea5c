package org.sparcj.data.ingest;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.LongFunction;
import org.sparcj.data.DataFileException;
import org.sparcj.data.LabelsIo;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.TaxonomyIo;
import org.sparcj.data.store.FeatureStoreWriter;

/**
 * Assembles an imported dataset: rows (split by split, each paired with an image), the images'
 * labels, the captions, and at the end the labelled feature store. Heap grows with images and rows
 * (a few ints each plus the image ID strings), never with label or caption rows: label files are
 * streamed into per-image label arrays and captions go straight to {@value #CAPTIONS}.
 * <p>
 * Written files: {@value #CAPTIONS} ({@code sample id <TAB> caption}, in caption-file order),
 * {@code taxonomy.tsv}, {@code labels.tsv}, {@value #TEST_IMAGES} (the fixed test part's image IDs),
 * then the features; the store's manifest is marked complete last, so a killed import leaves a
 * directory that does not open.
 */
public final class LabelledImport implements AutoCloseable {
    // The name the latent atlas reads captions from (sample ID <TAB> text).
    public static final String CAPTIONS = "texts.tsv";
    public static final String TEST_IMAGES = "test_images.txt";
    private static final int BATCH_ROWS = 4096;

    private final Taxonomy taxonomy;
    private final Path out;
    private final ImportProgress progress;
    private final ImageIndex images = new ImageIndex();
    private final List<Split> splits = new ArrayList<>();
    private final BufferedWriter captions;
    private int[][] imageLabels = new int[1024][];
    private final Set<String> classesOutside = new HashSet<>();
    private long labelRows;
    private long notPositive;
    private long outsideTaxonomy;
    private long withoutFeatures;
    private long duplicateLabels;
    private long duplicateImages;
    private long splitMatched;
    private long splitUnmatched;

    public LabelledImport(Taxonomy taxonomy, Path out, ImportProgress progress) {
        this.taxonomy = taxonomy;
        this.out = out;
        this.progress = progress;
        try {
            Files.createDirectories(out);
            captions = Files.newBufferedWriter(out.resolve(CAPTIONS), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException(out, "cannot create the output: " + e.getMessage(), e);
        }
    }

    /** The sample ID of an image's caption: {@code <image>#<k>} per caption, the image ID when captions are joined. */
    public static String sampleId(String image, int caption) {
        return caption < 0 ? image : image + "#" + caption;
    }

    /**
     * An input file from a path template: {@code {split}} is replaced by the split; a relative result
     * lies under {@code root}. {@code key} (the setting's full name) is named when root is not set.
     */
    public static Path input(Path root, String template, String split, String key) {
        Path p = Path.of(template.replace("{split}", split == null ? "" : split));
        if (p.isAbsolute()) return p;
        if (root == null)
            throw new IllegalArgumentException(key + " = " + template + " is relative, but the dataset's root is not set");
        return root.resolve(p);
    }

    /** Opens a file for streaming, reporting its bytes read as a progress phase "{@code what} <file name>" in MB. */
    public static InputStream openInput(Path file, String what, ImportProgress progress) throws IOException {
        InputStream in = Files.newInputStream(file);
        progress.phase(what + " " + file.getFileName(), " MB", Math.max(1, Files.size(file) >> 20));
        return new ProgressInput(in, progress);
    }

    /**
     * The input files of one split: its captions (optional beside .npy features, which bring their
     * own sample IDs), its label file (setting {@code keyPrefix + labelsKey}) and its feature files.
     */
    public static List<Path> splitInputs(Path root, String split, String keyPrefix, String captions, String labelsKey,
                                         String labels, String features, List<FeatureFile> streams) {
        List<Path> out = new ArrayList<>();
        Path caps = input(root, captions, split, keyPrefix + "captions");
        boolean hdf5 = streams.get(0).hdf5();
        if (hdf5 || Files.exists(caps)) out.add(caps);
        out.add(input(root, labels, split, keyPrefix + labelsKey));
        Path dir = input(root, features, split, keyPrefix + "features");
        streams.forEach(s -> out.add(dir.resolve(s.file())));
        if (!hdf5) out.add(dir.resolve(SplitFeatures.SAMPLE_IDS));
        return out;
    }

    /** A JSON file that does not parse (e.g. truncated), as one line naming the file and where it broke. */
    public static DataFileException invalidJson(Path file, IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return new DataFileException(file, "invalid or truncated JSON: " + (nl < 0 ? m : m.substring(0, nl)), e);
    }

    /** Reads a caption file into rows of a split ({@code rows} null: captions only). */
    @FunctionalInterface
    public interface CaptionReader {
        void read(Path file, LabelledImport imp, Split rows, ImportProgress progress);
    }

    /** Reads a split's label file. */
    @FunctionalInterface
    public interface LabelReader {
        void read(Path file, LabelledImport imp, ImportProgress progress);
    }

    /**
     * Where a dataset's inputs are: templates relative to {@code root} with {@code {split}}, the config key
     * of the label template (for messages), the stream files, and what a row of the caption file is.
     */
    public record Layout(Path root, String keyPrefix, List<String> splits, String captions, String labels,
                         String labelsKey, String features, List<FeatureFile> streams, String rowsAre) {
    }

    /**
     * The import both datasets share: per split its features and captions (HDF5 rows follow the caption
     * file's order, which must give as many rows; .npy rows follow their sample_ids.txt), then each
     * split's labels; finally the store with its test part.
     */
    public ImportReport importSplits(Layout l, CaptionReader captions, LabelReader labels, String testSplit,
                                     Set<String> testImages) {
        try {
            List<Split> read = new ArrayList<>();
            for (String name : l.splits()) {
                Path captionFile = input(l.root(), l.captions(), name, l.keyPrefix() + "captions");
                SplitFeatures f = SplitFeatures.open(input(l.root(), l.features(), name, l.keyPrefix() + "features"),
                        l.streams());
                Split s = split(name, f);
                read.add(s);
                if (f.hdf5()) {
                    captions.read(captionFile, this, s, progress);
                    s.checkRowCount(captionFile, l.rowsAre());
                } else {
                    s.readSampleIds();
                    if (Files.isRegularFile(captionFile)) captions.read(captionFile, this, null, progress);
                }
            }
            for (Split s : read) {
                Path labelFile = input(l.root(), l.labels(), s.name(), l.keyPrefix() + l.labelsKey());
                beginLabels();
                labels.read(labelFile, this, progress);
                endLabels(labelFile, s.features().hdf5()
                        ? input(l.root(), l.captions(), s.name(), l.keyPrefix() + "captions")
                        : s.features().sampleIdsFile());
            }
            return finish(testSplit, testImages);
        } finally {
            close();
            closeFeatures();
        }
    }

    public ImageIndex images() {
        return images;
    }

    public ImportProgress progress() {
        return progress;
    }

    /** Starts the next split; its rows follow the previous splits' rows in the store. */
    public Split split(String name, SplitFeatures features) {
        Split s = new Split(name, features);
        splits.add(s);
        return s;
    }

    /** Writes one line of {@value #CAPTIONS}; tabs and line breaks in the text become spaces. */
    public void caption(String sampleId, String text) {
        try {
            captions.write(sampleId);
            captions.write('\t');
            captions.write(text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
            captions.write('\n');
        } catch (IOException e) {
            throw new DataFileException(out.resolve(CAPTIONS), "write failed: " + e.getMessage(), e);
        }
    }

    /** Counts one duplicate image (or sample ID) that was left out. */
    public void duplicateImage() {
        duplicateImages++;
    }

    /** Counts a label row that is not a human-verified positive. */
    public void notPositive() {
        labelRows++;
        notPositive++;
    }

    /** Starts a label file: {@link #endLabels} then checks it shared images with the rows. */
    public void beginLabels() {
        splitMatched = 0;
        splitUnmatched = 0;
    }

    /** One positive label row: image ID and taxonomy node ID; counted when it cannot be used. */
    public void label(String image, String classId) {
        labelRows++;
        OptionalInt node = taxonomy.byId(classId);
        if (node.isEmpty()) {
            outsideTaxonomy++;
            classesOutside.add(classId);
            return;
        }
        int i = images.find(image);
        if (i < 0) {
            withoutFeatures++;
            splitUnmatched++;
            return;
        }
        splitMatched++;
        int[] ls = imageLabels[i];
        int n = node.getAsInt();
        if (ls == null) {
            imageLabels[i] = new int[]{n};
            return;
        }
        for (int l : ls)
            if (l == n) {
                duplicateLabels++;
                return;
            }
        int[] grown = Arrays.copyOf(ls, ls.length + 1);
        grown[ls.length] = n;
        imageLabels[i] = grown;
    }

    /**
     * Fails when a label file named images but none of them has a feature row: the label file and
     * the rows describe different splits or datasets.
     */
    public void endLabels(Path labelFile, Path rowFile) {
        if (splitMatched == 0 && splitUnmatched > 0)
            throw new DataFileException(labelFile, "none of its " + splitUnmatched + " usable label rows is for an image of "
                    + rowFile + ": the files are from different splits or datasets");
    }

    /**
     * Writes the store: taxonomy, labels, the fixed test part and then the features.
     *
     * @param testSplit  the split whose images are the test part (ignored when testImages is given)
     * @param testImages image IDs of the test part, or null
     */
    public ImportReport finish(String testSplit, Set<String> testImages) {
        close();
        long total = 0;
        for (Split s : splits) total += s.rows();
        if (total > Integer.MAX_VALUE) throw new DataFileException(out, "too many rows: " + total);
        int[] empty = new int[0];
        int[][] rowLabels = new int[(int) total][];
        long noLabels = 0;
        Set<String> test = new LinkedHashSet<>();
        if (testImages != null) test.addAll(testImages);
        long testRows = 0;
        int r = 0;
        for (Split s : splits) {
            for (int i = 0; i < s.rows(); i++, r++) {
                int img = s.image.get(i);
                int[] ls = imageLabels[img];
                if (ls == null) {
                    noLabels++;
                    ls = empty;
                } else if (ls.length > 1) {
                    Arrays.sort(ls);
                }
                rowLabels[r] = ls;
                if (testImages == null && s.name.equals(testSplit)) test.add(images.key(img));
                if (test.contains(images.key(img))) testRows++;
            }
        }
        LongFunction<String> ids = globalIds();
        try {
            TaxonomyIo.write(out.resolve(TaxonomyIo.FILE_NAME), taxonomy);
            LabelsIo.write(out.resolve(LabelsIo.FILE_NAME), new SampleLabels(taxonomy, rowLabels), ids);
            Files.write(out.resolve(TEST_IMAGES), test, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException(out, "cannot write labels: " + e.getMessage(), e);
        }
        writeFeatures(total);
        return new ImportReport(total, testRows, images.size(), noLabels, labelRows, notPositive, outsideTaxonomy,
                classesOutside.size(), withoutFeatures, duplicateLabels, duplicateImages);
    }

    private LongFunction<String> globalIds() {
        return row -> {
            long r = row;
            for (Split s : splits) {
                if (r < s.rows()) return s.sampleId((int) r);
                r -= s.rows();
            }
            throw new IndexOutOfBoundsException("row " + row);
        };
    }

    private void writeFeatures(long total) {
        List<StreamInfo> streams = splits.get(0).features.streams();
        for (Split s : splits)
            if (!s.features.streams().equals(streams))
                throw new DataFileException(s.features.firstFile(), "streams " + s.features.streams()
                        + " differ from split " + splits.get(0).name + "'s " + streams);
        progress.phase("features", " rows", total);
        long done = 0;
        try (FeatureStoreWriter w = FeatureStoreWriter.create(out, streams, total)) {
            try {
                for (Split s : splits) {
                    for (int start = 0; start < s.rows(); start += BATCH_ROWS) {
                        int count = Math.min(BATCH_ROWS, s.rows() - start);
                        float[][] batch = new float[streams.size()][];
                        for (int k = 0; k < batch.length; k++) batch[k] = new float[count * streams.get(k).dim()];
                        s.features.read(start, count, batch);
                        List<String> ids = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) ids.add(s.sampleId(start + i));
                        w.appendBatch(ids, batch);
                        done += count;
                        progress.step(done);
                    }
                }
            } catch (RuntimeException e) {
                w.abort();
                throw e;
            }
        }
    }

    /** Closes the captions file and every split's feature files. */
    @Override
    public void close() {
        try {
            captions.close();
        } catch (IOException e) {
            throw new DataFileException(out.resolve(CAPTIONS), "write failed: " + e.getMessage(), e);
        }
    }

    /** Closes the feature files of every split (after {@link #finish} or on failure). */
    public void closeFeatures() {
        for (Split s : splits) s.features.close();
    }

    /** Reads a store's {@value #TEST_IMAGES}, or returns null when it has none. */
    public static Set<String> readTestImages(Path storeDir) {
        Path f = storeDir.resolve(TEST_IMAGES);
        if (!Files.isRegularFile(f)) return null;
        return readIds(f);
    }

    /** IDs one per line; blank lines and lines starting with '#' are skipped. */
    public static Set<String> readIds(Path file) {
        Set<String> ids = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) ids.add(t);
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read IDs: " + e.getMessage(), e);
        }
        return ids;
    }

    /** One split's rows, in store order: each row's image and caption number (-1: captions joined) or its own ID. */
    public final class Split {
        private final String name;
        private final SplitFeatures features;
        private final IntList image = new IntList();
        private final IntList caption = new IntList();
        private final List<String> explicitIds;

        private Split(String name, SplitFeatures features) {
            this.name = name;
            this.features = features;
            this.explicitIds = features.hdf5() ? null : new ArrayList<>();
        }

        /** The next row: the {@code k}-th caption of {@code imageId} (k = -1: its captions joined). */
        public void addRow(String imageId, int k) {
            int i = images.add(imageId);
            if (i == imageLabels.length) imageLabels = Arrays.copyOf(imageLabels, i * 2);
            image.add(i);
            caption.add(k);
        }

        /** The next row of .npy features, by its sample ID; the image is the ID up to a '#'. */
        public void addRow(String sampleId) {
            int hash = sampleId.indexOf('#');
            addRow(hash < 0 ? sampleId : sampleId.substring(0, hash), -1);
            explicitIds.add(sampleId);
        }

        public int rows() {
            return image.size();
        }

        public String name() {
            return name;
        }

        public SplitFeatures features() {
            return features;
        }

        String sampleId(int row) {
            return explicitIds != null ? explicitIds.get(row) : LabelledImport.sampleId(images.key(image.get(row)), caption.get(row));
        }

        /**
         * Checks that HDF5 features have as many rows as the official order gives; when not, the
         * files are from another split or dataset.
         */
        public void checkRowCount(Path rowFile, String what) {
            if (features.hdf5() && features.rows() != rows())
                throw new DataFileException(features.firstFile(), "has " + features.rows() + " rows but " + rowFile
                        + " gives " + rows() + " " + what + " (the official row order): another split or another file?");
        }

        /** Reads the sample IDs of .npy features in row order, counting duplicates. */
        public void readSampleIds() {
            Set<String> seen = new HashSet<>();
            Path f = features.sampleIdsFile();
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty()) throw new DataFileException(f, "empty sample ID on line " + (rows() + 1));
                    if (!seen.add(line))
                        throw new DataFileException(f, "sample ID '" + line + "' appears twice (line " + (rows() + 1) + ")");
                    addRow(line);
                }
            } catch (IOException e) {
                throw new DataFileException(f, "cannot read sample IDs: " + e.getMessage(), e);
            }
            if (rows() != features.rows())
                throw new DataFileException(f, "has " + rows() + " sample IDs but " + features.firstFile() + " has "
                        + features.rows() + " rows");
        }
    }

    /** A growable int array (row -> image index) without boxing. */
    private static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }
}
