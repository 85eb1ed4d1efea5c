package org.sparcj.data.ingest;

import java.util.Arrays;

/**
 * Image ID -> dense index, by open addressing over an int table: at 1.7M Open Images IDs this holds
 * the ID strings and one int array, not a boxed map entry per image.
 */
public final class ImageIndex {
    private String[] keys = new String[1024];
    private int[] table = filled(2048);
    private int size;

    private static int[] filled(int n) {
        int[] t = new int[n];
        Arrays.fill(t, -1);
        return t;
    }

    public int size() {
        return size;
    }

    public String key(int index) {
        return keys[index];
    }

    /** The index of {@code key}, or -1. */
    public int find(String key) {
        int mask = table.length - 1;
        for (int slot = spread(key.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            int i = table[slot];
            if (i < 0) return -1;
            if (keys[i].equals(key)) return i;
        }
    }

    /** The index of {@code key}, added at the end when new. */
    public int add(String key) {
        int found = find(key);
        if (found >= 0) return found;
        if (size == keys.length) keys = Arrays.copyOf(keys, size * 2);
        keys[size] = key;
        if (2 * (size + 1) > table.length) rehash(table.length * 2);
        insert(size);
        return size++;
    }

    private void rehash(int capacity) {
        table = filled(capacity);
        for (int i = 0; i < size; i++) insert(i);
    }

    private void insert(int index) {
        int mask = table.length - 1;
        int slot = spread(keys[index].hashCode()) & mask;
        while (table[slot] >= 0) slot = (slot + 1) & mask;
        table[slot] = index;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
