package org.sparcj.data.wordnet;

import java.util.List;

/**
 * One WordNet noun synset as read from data.noun.
 *
 * @param offset    the 8-digit synset offset, e.g. "02084071" (WordNet's id for the synset)
 * @param lexFile   lexicographer file number (e.g. 5 = noun.animal)
 * @param lemmas    the synset's words as written in the file (underscores for spaces), in file order
 * @param hypernyms offsets of its hypernyms ({@code @}) and instance hypernyms ({@code @i}), in file order
 * @param gloss     the full gloss: definition, then quoted examples
 */
public record Synset(String offset, int lexFile, List<String> lemmas, List<String> hypernyms, String gloss) {
    public Synset {
        lemmas = List.copyOf(lemmas);
        hypernyms = List.copyOf(hypernyms);
    }

    /** ImageNet-style id, e.g. "n02084071". */
    public String wnid() {
        return "n" + offset;
    }

    /** Lemma names with underscores as spaces, joined by ", " (e.g. "dog, domestic dog, Canis familiaris"). */
    public String lemmaText() {
        return String.join(", ", lemmas.stream().map(Synset::readable).toList());
    }

    /** The first lemma with spaces, as a display name. */
    public String displayName() {
        return readable(lemmas.get(0));
    }

    /**
     * The gloss without its usage examples: the text before the first quoted example (examples
     * follow the definition as {@code ; "..."}). Falls back to the whole gloss when that is empty.
     */
    public String definition() {
        int cut = gloss.indexOf("; \"");
        if (cut < 0 && gloss.startsWith("\"")) cut = 0;
        String def = (cut < 0 ? gloss : gloss.substring(0, cut)).strip();
        return def.isEmpty() ? gloss : def;
    }

    private static String readable(String lemma) {
        return lemma.replace('_', ' ');
    }
}
