package org.sparcj.data.wordnet;

import org.sparcj.data.Taxonomy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * WordNet's noun hypernym graph ({@code @} and {@code @i} pointers) turned into a tree rooted at
 * entity.n.01.
 * <p>
 * The graph is a DAG: some synsets have two hypernyms (dog.n.01: canine.n.02 and
 * domestic_animal.n.01). Rule: a synset's depth is the length of its LONGEST hypernym path to
 * entity (entity has depth 0), and its tree parent is the hypernym on that path, i.e. the hypernym
 * of greatest depth; ties go to the smaller offset. This keeps every synset's deepest occurrence,
 * as SPARC-J does for the Open Images hierarchy, and gives dog.n.01 depth 13.
 */
public final class WordNetHierarchy {

    /** Offset of entity.n.01, the single root of WordNet 3.0's noun hierarchy. */
    public static final String ENTITY_OFFSET = "00001740";

    private final Map<String, Synset> byOffset;
    private final Map<String, Integer> depth = new HashMap<>();
    private final Map<String, String> parent = new HashMap<>();

    private WordNetHierarchy(Map<String, Synset> byOffset) {
        this.byOffset = byOffset;
    }

    /** Reads and builds the hierarchy of a data.noun file (streamed parse). */
    public static WordNetHierarchy read(Path dataNoun) {
        return build(WordNetNouns.readAll(dataNoun), dataNoun.toString());
    }

    /**
     * @param synsets every synset the hierarchy covers (all hypernyms must be among them)
     * @param source  where they came from, for error messages
     */
    public static WordNetHierarchy build(Collection<Synset> synsets, String source) {
        Map<String, Synset> byOffset = new LinkedHashMap<>();
        for (Synset s : synsets)
            if (byOffset.put(s.offset(), s) != null)
                throw new IllegalArgumentException(source + ": synset " + s.offset() + " appears twice");
        Synset root = byOffset.get(ENTITY_OFFSET);
        if (root == null) throw new IllegalArgumentException(source + ": no entity synset (offset " + ENTITY_OFFSET + ")");
        if (!root.hypernyms().isEmpty())
            throw new IllegalArgumentException(source + ": entity (" + ENTITY_OFFSET + ") must have no hypernym");
        WordNetHierarchy h = new WordNetHierarchy(byOffset);
        h.depth.put(ENTITY_OFFSET, 0);
        Set<String> onPath = new java.util.HashSet<>();
        for (String offset : byOffset.keySet()) h.resolve(offset, onPath, source);
        return h;
    }

    // Depth by longest path; recursion depth is bounded by WordNet's depth (< 20).
    private int resolve(String offset, Set<String> onPath, String source) {
        Integer known = depth.get(offset);
        if (known != null) return known;
        Synset s = byOffset.get(offset);
        if (s.hypernyms().isEmpty())
            throw new IllegalArgumentException(source + ": synset " + offset + " (" + s.displayName()
                    + ") has no hypernym but is not entity: the hierarchy must have one root");
        if (!onPath.add(offset))
            throw new IllegalArgumentException(source + ": hypernym cycle through synset " + offset);
        int best = -1;
        String bestParent = null;
        for (String h : s.hypernyms()) {
            if (!byOffset.containsKey(h))
                throw new IllegalArgumentException(source + ": synset " + offset + " (" + s.displayName()
                        + ") points to hypernym " + h + ", which is not in the file");
            int d = resolve(h, onPath, source);
            if (d > best || (d == best && h.compareTo(bestParent) < 0)) {
                best = d;
                bestParent = h;
            }
        }
        onPath.remove(offset);
        depth.put(offset, best + 1);
        parent.put(offset, bestParent);
        return best + 1;
    }

    public int size() {
        return byOffset.size();
    }

    /** All synsets, in file order. */
    public Collection<Synset> synsets() {
        return Collections.unmodifiableCollection(byOffset.values());
    }

    public Synset synset(String offset) {
        Synset s = byOffset.get(offset);
        if (s == null) throw new IllegalArgumentException("no noun synset with offset '" + offset + "'");
        return s;
    }

    /** Longest-path depth below entity (entity: 0). */
    public int depth(String offset) {
        synset(offset);
        return depth.get(offset);
    }

    /** Tree parent (the deepest hypernym); null for entity. */
    public String parent(String offset) {
        synset(offset);
        return parent.get(offset);
    }

    /** Offsets from entity down to {@code offset}, inclusive, along tree parents. */
    public List<String> pathFromRoot(String offset) {
        List<String> path = new ArrayList<>();
        for (String cur = offset; cur != null; cur = parent(cur)) path.add(cur);
        Collections.reverse(path);
        return path;
    }

    /**
     * The tree restricted to {@code offsets} and all their ancestors, as a {@link Taxonomy}. Nodes
     * are ordered by (depth, offset), so node 0 is entity and parents precede children; node ids
     * are ImageNet-style wnids ("n02084071"), names the first lemma.
     */
    public Taxonomy taxonomy(Collection<String> offsets) {
        Set<String> keep = new TreeSet<>(Comparator.comparingInt((String o) -> depth.get(o)).thenComparing(o -> o));
        for (String o : offsets) keep.addAll(pathFromRoot(o));
        Map<String, Integer> index = new HashMap<>();
        List<String> ids = new ArrayList<>(keep.size());
        List<String> names = new ArrayList<>(keep.size());
        int[] parents = new int[keep.size()];
        for (String o : keep) {
            int i = ids.size();
            index.put(o, i);
            Synset s = byOffset.get(o);
            ids.add(s.wnid());
            names.add(s.displayName());
            String p = parent.get(o);
            parents[i] = p == null ? -1 : index.get(p);
        }
        return new Taxonomy(ids, names, parents);
    }
}
