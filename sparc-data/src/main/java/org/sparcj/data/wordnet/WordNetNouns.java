package org.sparcj.data.wordnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streamed reader of WordNet's noun data file (data.noun, format wndb(5WN)). Each synset line is
 * <pre>
 * offset lex_filenum ss_type w_cnt(2 hex) [word lex_id(1 hex)]... p_cnt(3 dec) [symbol offset pos source/target]... | gloss
 * </pre>
 * License header lines start with two spaces and are skipped. Only hypernym pointers ({@code @}) and
 * instance hypernym pointers ({@code @i}) to nouns are kept.
 */
public final class WordNetNouns {

    /** Where Debian's wordnet-base installs the noun data (see scripts/setup-wordnet.sh). */
    public static final Path DEBIAN_DATA_NOUN = Path.of("/usr/share/wordnet/data.noun");

    private WordNetNouns() {
    }

    /** Reads every synset of {@code dataNoun}, in file order, handing each to {@code sink}. */
    public static void stream(Path dataNoun, Consumer<Synset> sink) {
        try (BufferedReader in = Files.newBufferedReader(dataNoun, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.startsWith("  ") || line.isBlank()) continue;
                sink.accept(parseLine(line, dataNoun + ":" + lineNo));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("WordNet noun data not found: " + dataNoun
                    + " (install Debian's wordnet-base with scripts/setup-wordnet.sh)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dataNoun, e);
        }
    }

    /** Every synset of {@code dataNoun}, in file order. */
    public static List<Synset> readAll(Path dataNoun) {
        List<Synset> out = new ArrayList<>();
        stream(dataNoun, out::add);
        return out;
    }

    /**
     * Parses one synset line.
     *
     * @param where file and line number, for error messages
     */
    public static Synset parseLine(String line, String where) {
        int bar = line.indexOf(" | ");
        String head = bar < 0 ? line.strip() : line.substring(0, bar);
        String gloss = bar < 0 ? "" : line.substring(bar + 3).strip();
        String[] f = head.strip().split(" +");
        Cursor c = new Cursor(f, where);
        String offset = c.next("synset_offset");
        if (offset.length() != 8 || !offset.chars().allMatch(Character::isDigit))
            throw c.error("synset_offset must be 8 digits, got '" + offset + "'");
        int lexFile = c.nextInt("lex_filenum", 10);
        String type = c.next("ss_type");
        if (!type.equals("n")) throw c.error("ss_type must be 'n' in a noun file, got '" + type + "'");
        int words = c.nextInt("w_cnt", 16);
        if (words < 1) throw c.error("w_cnt must be >= 1, got " + words);
        List<String> lemmas = new ArrayList<>(words);
        for (int i = 0; i < words; i++) {
            lemmas.add(c.next("word " + (i + 1)));
            c.nextInt("lex_id of word " + (i + 1), 16);
        }
        int pointers = c.nextInt("p_cnt", 10);
        List<String> hypernyms = new ArrayList<>(2);
        for (int i = 0; i < pointers; i++) {
            String symbol = c.next("pointer " + (i + 1) + " symbol");
            String target = c.next("pointer " + (i + 1) + " offset");
            String pos = c.next("pointer " + (i + 1) + " pos");
            c.next("pointer " + (i + 1) + " source/target");
            if ((symbol.equals("@") || symbol.equals("@i")) && pos.equals("n")) hypernyms.add(target);
        }
        if (c.hasNext()) throw c.error("unexpected field '" + c.peek() + "' after " + pointers + " pointers");
        if (bar < 0) throw c.error("no gloss separator ' | '");
        return new Synset(offset, lexFile, lemmas, hypernyms, gloss);
    }

    private static final class Cursor {
        private final String[] fields;
        private final String where;
        private int i;

        Cursor(String[] fields, String where) {
            this.fields = fields;
            this.where = where;
        }

        String next(String what) {
            if (i >= fields.length) throw error("line ends before " + what);
            return fields[i++];
        }

        int nextInt(String what, int radix) {
            String s = next(what);
            try {
                return Integer.parseInt(s, radix);
            } catch (NumberFormatException e) {
                throw error(what + " is not a base-" + radix + " number: '" + s + "'");
            }
        }

        boolean hasNext() {
            return i < fields.length;
        }

        String peek() {
            return fields[i];
        }

        IllegalArgumentException error(String msg) {
            return new IllegalArgumentException(where + ": " + msg);
        }
    }
}
