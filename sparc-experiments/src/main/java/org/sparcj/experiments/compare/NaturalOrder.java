package org.sparcj.experiments.compare;

import java.util.Comparator;

/**
 * Orders names with their digit runs compared as numbers, so metric tables list {@code jaccard.d2}
 * before {@code jaccard.d10} and {@code r_at_5} before {@code r_at_10}; everything else compares
 * as text. Equal numbers written differently ({@code d2}, {@code d02}) fall back to plain text order,
 * so the order stays total and consistent with equals.
 */
public final class NaturalOrder implements Comparator<String> {
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (isDigit(x) && isDigit(y)) {
                int ei = runEnd(a, i), ej = runEnd(b, j);
                int si = skipZeros(a, i, ei), sj = skipZeros(b, j, ej);
                int lengths = Integer.compare(ei - si, ej - sj);   // fewer significant digits: smaller
                if (lengths != 0) return lengths;
                for (int p = si, q = sj; p < ei; p++, q++)
                    if (a.charAt(p) != b.charAt(q)) return Character.compare(a.charAt(p), b.charAt(q));
                i = ei;
                j = ej;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        int rest = Integer.compare(a.length() - i, b.length() - j);
        return rest != 0 ? rest : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int runEnd(String s, int from) {
        while (from < s.length() && isDigit(s.charAt(from))) from++;
        return from;
    }

    private static int skipZeros(String s, int from, int end) {
        while (from < end - 1 && s.charAt(from) == '0') from++;
        return from;
    }
}
