package org.sparcj.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of RFC 4180 CSV (comma separated, fields optionally in double quotes, "" for a
 * quote inside quotes). The metadata files read here never put a newline inside a field, so a
 * line-at-a-time reader suffices and no row is held beyond its own line.
 */
public final class CsvLine {
    private CsvLine() {
    }

    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}
