package org.sparcj.eval;

import java.util.Arrays;

/** A small open-addressing map from non-negative int keys to int counts (class counts per latent). */
final class IntCountMap {
    private int[] keys;
    private int[] counts;
    private int size;

    IntCountMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new int[cap];
        counts = new int[cap];
        Arrays.fill(keys, -1);
    }

    int size() { return size; }

    void add(int key, int by) {
        int slot = slot(key);
        if (keys[slot] == key) {
            counts[slot] += by;
            return;
        }
        keys[slot] = key;
        counts[slot] = by;
        if (++size * 2 > keys.length) grow();
    }

    int get(int key) {
        int slot = slot(key);
        return keys[slot] == key ? counts[slot] : 0;
    }

    /** Keys in ascending order, for deterministic iteration. */
    int[] sortedKeys() {
        int[] out = new int[size];
        int n = 0;
        for (int key : keys) if (key >= 0) out[n++] = key;
        Arrays.sort(out);
        return out;
    }

    long total() {
        long t = 0;
        for (int i = 0; i < keys.length; i++) if (keys[i] >= 0) t += counts[i];
        return t;
    }

    private int slot(int key) {
        int mask = keys.length - 1;
        int h = (key * 0x9E3779B1) >>> 7 & mask;
        while (keys[h] != -1 && keys[h] != key) h = (h + 1) & mask;
        return h;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new int[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] >= 0) {
                int s = slot(oldKeys[i]);
                keys[s] = oldKeys[i];
                counts[s] = oldCounts[i];
            }
        }
    }
}
