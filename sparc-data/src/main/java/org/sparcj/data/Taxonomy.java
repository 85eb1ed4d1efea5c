package org.sparcj.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An immutable label tree. Nodes are dense indices 0..size-1; node 0 is the root (depth 0).
 * Each node has a stable id (e.g. "/m/0bl9f" or "coco:18") and a display name.
 */
public final class Taxonomy {
    private final String[] ids;
    private final String[] names;
    private final int[] parent;
    private final int[] depth;
    private final int[][] children;
    private final Map<String, Integer> byId = new HashMap<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private final int maxDepth;

    /**
     * @param ids     node ids, unique; ids[0] is the root
     * @param names   display names
     * @param parents parent index per node; parents[0] == -1, every other parent precedes nothing in
     *                particular but must form a tree rooted at 0
     */
    public Taxonomy(List<String> ids, List<String> names, int[] parents) {
        int n = ids.size();
        if (n == 0) throw new IllegalArgumentException("taxonomy needs at least a root");
        if (names.size() != n || parents.length != n)
            throw new IllegalArgumentException("taxonomy: ids, names and parents differ in length");
        if (parents[0] != -1) throw new IllegalArgumentException("taxonomy: node 0 must be the root (parent -1)");
        this.ids = ids.toArray(new String[0]);
        this.names = names.toArray(new String[0]);
        this.parent = parents.clone();
        this.depth = new int[n];
        Arrays.fill(depth, -1);
        depth[0] = 0;
        List<List<Integer>> kids = new ArrayList<>();
        for (int i = 0; i < n; i++) kids.add(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            if (byId.put(this.ids[i], i) != null)
                throw new IllegalArgumentException("taxonomy: duplicate node id '" + this.ids[i] + "'");
            byName.putIfAbsent(this.names[i], i);
            if (i > 0) {
                int p = parents[i];
                if (p < 0 || p >= n || p == i)
                    throw new IllegalArgumentException("taxonomy: node '" + this.ids[i] + "' has invalid parent " + p);
                kids.get(p).add(i);
            }
        }
        int md = 0;
        for (int i = 0; i < n; i++) md = Math.max(md, computeDepth(i, n));
        this.maxDepth = md;
        this.children = new int[n][];
        for (int i = 0; i < n; i++) children[i] = kids.get(i).stream().mapToInt(Integer::intValue).toArray();
    }

    private int computeDepth(int node, int n) {
        if (depth[node] >= 0) return depth[node];
        int steps = 0;
        int cur = node;
        while (depth[cur] < 0) {
            cur = parent[cur];
            if (++steps > n) throw new IllegalArgumentException("taxonomy: cycle through node '" + ids[node] + "'");
        }
        int d = depth[cur] + steps;
        cur = node;
        for (int i = 0; i < steps; i++) {
            depth[cur] = d - i;
            cur = parent[cur];
        }
        return depth[node];
    }

    public int size() { return ids.length; }
    public int root() { return 0; }
    public String id(int node) { return ids[node]; }
    public String name(int node) { return names[node]; }
    public int parent(int node) { return parent[node]; }
    public int depth(int node) { return depth[node]; }
    public int maxDepth() { return maxDepth; }
    public int[] children(int node) { return children[node].clone(); }
    public boolean isLeaf(int node) { return children[node].length == 0; }

    /** The ancestor of {@code node} at depth {@code d}; the node itself when d >= its depth. */
    public int ancestorAtDepth(int node, int d) {
        int cur = node;
        while (depth[cur] > d) cur = parent[cur];
        return cur;
    }

    /** Path from the root down to {@code node}, inclusive. */
    public int[] pathFromRoot(int node) {
        int[] path = new int[depth[node] + 1];
        int cur = node;
        for (int i = path.length - 1; i >= 0; i--) {
            path[i] = cur;
            cur = parent[cur];
        }
        return path;
    }

    public List<Integer> leaves() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) if (isLeaf(i)) out.add(i);
        return Collections.unmodifiableList(out);
    }

    public OptionalInt byId(String id) {
        Integer i = byId.get(id);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** First node with this display name. */
    public OptionalInt byName(String name) {
        Integer i = byName.get(name);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }
}
