package org.sparcj.experiments.atlas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import javax.imageio.ImageIO;
import org.sparcj.data.Taxonomy;

/**
 * Writes the atlas: the pages, script and style (resources of this package, copied as they are) and the data
 * as {@code <script>} files that hand JSON (written by Jackson) to the page's {@code atlasData(name, value)}:
 * {@code data/index.js} (one entry per latent, columnar), {@code data/latents/<shard>.js} ({@value #SHARD}
 * latents each: their top samples per stream with labels, text and thumbnail) and {@code data/search.js}
 * (every shown sample: ID, text, the latents it is shown for). Thumbnails go to {@code thumbs/}.
 */
public final class AtlasSite {
    /** Latents per data file: 128 files at L = 8192, each loaded by one latent page. */
    static final int SHARD = 64;
    /** The pages, all from one template ({@code page.html}); search also loads the search data. */
    static final List<String> PAGES = List.of("index", "latent", "concept", "search");
    static final List<String> ASSETS = List.of("atlas.js", "atlas.css");
    /** Beside the store: sample ID, tab, image path (absolute or relative to the store). */
    public static final String IMAGES = "images.tsv";
    /** Beside the store: sample ID, tab, caption or text. */
    public static final String TEXTS = "texts.tsv";
    private static final int THUMB = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the site says about the run. */
    public record Header(String title, String topk, int k, String source) {
    }

    /** Size of what was written. */
    public record Written(long files, long bytes) {
    }

    private final Path out;
    private long files;
    private long bytes;

    private PatchHeat heat;
    private long[] rows;

    private AtlasSite(Path out) {
        this.out = out;
    }

    /**
     * @param sampleId   the sample ID of an analysis position
     * @param storeDir   where {@value #IMAGES} and {@value #TEXTS} are looked for (null: none)
     */
    static Written write(Path out, LatentStats stats, Taxonomy taxonomy, Header header, LongFunction<String> sampleId, Path storeDir) {
        return write(out, stats, taxonomy, header, sampleId, storeDir, null, null);
    }

    /** As above, with each shown sample's heatmap in the patch stream ({@code heat} null: none; rows: position to dataset row). */
    static Written write(Path out, LatentStats stats, Taxonomy taxonomy, Header header, LongFunction<String> sampleId, Path storeDir,
                         PatchHeat heat, long[] rows) {
        AtlasSite site = new AtlasSite(out);
        site.heat = heat;
        site.rows = rows;
        try {
            Files.createDirectories(out.resolve("data").resolve("latents"));
            for (String page : PAGES) site.writePage(page);
            for (String asset : ASSETS) site.copyResource(asset);
            site.writeIndex(stats, taxonomy, header);
            Set<Integer> positions = new HashSet<>();
            for (int s = 0; s < stats.streams.size(); s++)
                for (int j = 0; j < stats.latents; j++)
                    for (TopSamples.Hit h : stats.shown.best(s, j)) positions.add(h.position());
            Map<String, Integer> needed = new HashMap<>();
            for (int p : positions) needed.put(sampleId.apply(p), p);
            Map<Integer, String> texts = storeDir == null ? Map.of() : site.readTsv(storeDir.resolve(TEXTS), needed);
            Map<Integer, String> images = storeDir == null ? Map.of() : site.thumbnails(storeDir, needed);
            site.writeShards(stats, sampleId, texts, images);
            site.writeSearch(stats, sampleId, texts);
            return new Written(site.files, site.bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the atlas into " + out + ": " + e.getMessage(), e);
        }
    }

    private void writeIndex(LatentStats st, Taxonomy taxonomy, Header h) throws IOException {
        int m = st.streams.size();
        ObjectNode idx = JSON.createObjectNode();
        idx.put("title", h.title()).put("topk", h.topk()).put("k", h.k()).put("source", h.source())
                .put("rows", st.rows).put("latents", st.latents).put("shard", SHARD);
        st.streams.forEach(idx.putArray("streams")::add);
        ArrayNode labels = idx.putArray("labels");
        ArrayNode parents = idx.putArray("parents");
        if (taxonomy != null)
            for (int c = 0; c < taxonomy.size(); c++) {
                labels.add(taxonomy.name(c));
                parents.add(taxonomy.parent(c));
            }
        ArrayNode rate = idx.putArray("rate"), concept = idx.putArray("concept"), purity = idx.putArray("purity");
        for (int s = 0; s < m; s++) {
            ArrayNode r = rate.addArray(), c = concept.addArray(), p = purity.addArray();
            for (int j = 0; j < st.latents; j++) {
                r.add(round(st.rate(s, j)));
                if (st.concepts != null) {
                    c.add(st.concepts.concept()[s][j]);
                    p.add(round(st.concepts.purity()[s][j]));
                }
            }
        }
        ArrayNode pattern = idx.putArray("pattern"), top = idx.putArray("topLabel"), jac = idx.putArray("jaccard");
        for (int j = 0; j < st.latents; j++) {
            pattern.add(st.pattern(j));
            top.add(st.topLabel[j]);
            if (st.jaccard != null) jac.add(round(st.jaccard[j]));
        }
        ArrayNode cos = idx.putArray("cosine");
        for (int i = 0; i < st.cosinePairs.size(); i++) {
            ObjectNode pair = cos.addObject();
            pair.put("a", st.streams.get(st.cosinePairs.get(i)[0])).put("b", st.streams.get(st.cosinePairs.get(i)[1]));
            ArrayNode v = pair.putArray("values");
            for (float x : st.cosine.get(i)) v.add(round(x));
        }
        script("data/index.js", "index", idx);
    }

    private void writeShards(LatentStats st, LongFunction<String> sampleId, Map<Integer, String> texts,
                             Map<Integer, String> images) throws IOException {
        for (int first = 0; first < st.latents; first += SHARD) {
            ObjectNode shard = JSON.createObjectNode();
            shard.put("first", first);
            ArrayNode latents = shard.putArray("latents");
            Map<Integer, ObjectNode> samples = new TreeMap<>();
            for (int j = first; j < Math.min(st.latents, first + SHARD); j++) {
                ArrayNode perStream = latents.addArray();
                for (int s = 0; s < st.streams.size(); s++) {
                    ArrayNode hits = perStream.addArray();
                    for (TopSamples.Hit hit : st.shown.best(s, j)) {
                        ArrayNode h = hits.addArray().add(hit.position()).add(round(hit.value()));
                        String png = heat == null ? null : heat.draw(j, s, rows[hit.position()]);
                        if (png != null) {
                            h.add(png);
                            count(out.resolve(png));
                        }
                        samples.computeIfAbsent(hit.position(), p -> sample(p, st, sampleId, texts, images));
                    }
                }
            }
            ObjectNode byPosition = shard.putObject("samples");
            samples.forEach((p, node) -> byPosition.set(Integer.toString(p), node));
            script("data/latents/" + first / SHARD + ".js", "shard", shard);
        }
    }

    private ObjectNode sample(int p, LatentStats st, LongFunction<String> sampleId, Map<Integer, String> texts, Map<Integer, String> images) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", sampleId.apply(p));
        if (st.labelsAt != null) {
            ArrayNode l = o.putArray("labels");
            for (int c : st.labelsAt[p]) l.add(c);
        }
        if (texts.containsKey(p)) o.put("text", texts.get(p));
        if (images.containsKey(p)) o.put("image", images.get(p));
        return o;
    }

    private void writeSearch(LatentStats st, LongFunction<String> sampleId, Map<Integer, String> texts) throws IOException {
        Map<Integer, Set<Integer>> latentsOf = new TreeMap<>();
        for (int s = 0; s < st.streams.size(); s++)
            for (int j = 0; j < st.latents; j++)
                for (TopSamples.Hit h : st.shown.best(s, j)) latentsOf.computeIfAbsent(h.position(), p -> new java.util.TreeSet<>()).add(j);
        ArrayNode samples = JSON.createArrayNode();
        latentsOf.forEach((p, ls) -> {
            ArrayNode row = samples.addArray().add(sampleId.apply(p)).add(texts.getOrDefault(p, ""));
            ArrayNode l = row.addArray();
            ls.forEach(l::add);
        });
        script("data/search.js", "search", samples);
    }

    /** The entries of a two-column TSV whose sample ID is {@code needed}, by analysis position; none without the file. */
    private Map<Integer, String> readTsv(Path file, Map<String, Integer> needed) throws IOException {
        Map<Integer, String> out = new HashMap<>();
        if (!Files.isRegularFile(file)) return out;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                int tab = line.indexOf('\t');
                if (tab < 0) return;
                Integer p = needed.get(line.substring(0, tab));
                if (p != null) out.put(p, line.substring(tab + 1));
            });
        }
        return out;
    }

    /** Thumbnails (at most 128 px, JPEG) of the shown samples that {@value #IMAGES} maps to a readable image. */
    private Map<Integer, String> thumbnails(Path storeDir, Map<String, Integer> needed) throws IOException {
        Map<Integer, String> paths = readTsv(storeDir.resolve(IMAGES), needed);
        Map<Integer, String> thumbs = new HashMap<>();
        if (paths.isEmpty()) return thumbs;
        Files.createDirectories(out.resolve("thumbs"));
        for (var e : paths.entrySet()) {
            Path src = storeDir.resolve(e.getValue());
            BufferedImage img = Files.isRegularFile(src) ? ImageIO.read(src.toFile()) : null;
            if (img == null) continue;
            double scale = Math.min(1.0, (double) THUMB / Math.max(img.getWidth(), img.getHeight()));
            int w = Math.max(1, (int) Math.round(img.getWidth() * scale)), h = Math.max(1, (int) Math.round(img.getHeight() * scale));
            BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = thumb.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
            g.dispose();
            String name = "thumbs/" + e.getKey() + ".jpg";
            ImageIO.write(thumb, "jpg", out.resolve(name).toFile());
            count(out.resolve(name));
            thumbs.put(e.getKey(), name);
        }
        return thumbs;
    }

    /** A data script: {@code atlasData("name", <json>);}. */
    private void script(String name, String key, Object value) throws IOException {
        Path file = out.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("atlasData(" + JSON.writeValueAsString(key) + ", " + JSON.writeValueAsString(value) + ");\n");
        }
        count(file);
    }

    private void writePage(String page) throws IOException {
        String template;
        try (InputStream in = AtlasSite.class.getResourceAsStream("page.html")) {
            if (in == null) throw new IllegalStateException("missing resource page.html of " + AtlasSite.class.getPackageName());
            template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String scripts = page.equals("search") ? "<script src=\"data/search.js\"></script>\n" : "";
        Path file = out.resolve(page + ".html");
        Files.writeString(file, template.replace("{{page}}", page).replace("{{scripts}}", scripts));
        count(file);
    }

    private void copyResource(String name) throws IOException {
        try (InputStream in = AtlasSite.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " of " + AtlasSite.class.getPackageName());
            Files.copy(in, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        count(out.resolve(name));
    }

    private void count(Path file) throws IOException {
        files++;
        bytes += Files.size(file);
    }

    /** 4 decimals: the pages show 3 significant digits, and the data stays small. */
    private static double round(double x) {
        return Math.round(x * 1e4) / 1e4;
    }
}
