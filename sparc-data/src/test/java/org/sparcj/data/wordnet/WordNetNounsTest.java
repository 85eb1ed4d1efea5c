package org.sparcj.data.wordnet;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordNetNounsTest {

    static Path fixture() {
        try {
            return Path.of(WordNetNounsTest.class.getResource("/wordnet/data.noun.fixture").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parsesEverySynsetOfTheFixtureSkippingTheLicenseHeader() {
        List<Synset> all = WordNetNouns.readAll(fixture());
        assertEquals(20, all.size());
        assertEquals("00001740", all.get(0).offset());
        Map<String, Synset> by = all.stream().collect(Collectors.toMap(Synset::offset, Function.identity()));

        Synset dog = by.get("02084071");
        assertEquals(List.of("dog", "domestic_dog", "Canis_familiaris"), dog.lemmas());
        assertEquals("dog, domestic dog, Canis familiaris", dog.lemmaText());
        assertEquals("dog", dog.displayName());
        assertEquals("n02084071", dog.wnid());
        assertEquals(5, dog.lexFile());
        assertEquals(List.of("02083346", "01317541"), dog.hypernyms());
        assertTrue(dog.gloss().startsWith("a member of the genus Canis"));
        assertTrue(dog.gloss().contains("\"the dog barked all night\""));
        assertEquals("a member of the genus Canis (probably descended from the common wolf) that has been "
                + "domesticated by man since prehistoric times; occurs in many breeds", dog.definition());

        // Instance hypernym (@i) counts as a hypernym; hyponym pointers (~, ~i) do not.
        assertEquals(List.of("10428004"), by.get("10954498").hypernyms());
        assertEquals(List.of("10560637"), by.get("10428004").hypernyms());
        assertEquals(List.of(), by.get("00001740").hypernyms());
        assertEquals("physical entity", by.get("00001930").lemmaText());
    }

    @Test
    void malformedLinesNameTheLineAndField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordNetNouns.parseLine(
                "02084071 05 n 01 dog 0 002 @ 02083346 n 0000 | a dog", "data.noun:7"));
        assertTrue(e.getMessage().startsWith("data.noun:7: ") && e.getMessage().contains("pointer 2"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> WordNetNouns.parseLine(
                "02084071 05 n 0x dog 0 000 | a dog", "f:1"));
        assertTrue(e.getMessage().contains("w_cnt"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> WordNetNouns.parseLine(
                "02084071 05 v 01 dog 0 000 | a dog", "f:2"));
        assertTrue(e.getMessage().contains("ss_type"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> WordNetNouns.parseLine(
                "02084071 05 n 01 dog 0 000 extra | a dog", "f:3"));
        assertTrue(e.getMessage().contains("'extra'"), e.getMessage());

        // w_cnt is hexadecimal: 0a = ten words.
        Synset ten = WordNetNouns.parseLine("00000001 03 n 0a a 0 b 0 c 0 d 0 e 0 f 0 g 0 h 0 i 0 j 0 000 | g", "f:4");
        assertEquals(10, ten.lemmas().size());
    }

    @Test
    void missingFileSaysHowToInstall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordNetNouns.readAll(Path.of("/nonexistent/data.noun")));
        assertTrue(e.getMessage().contains("/nonexistent/data.noun") && e.getMessage().contains("setup-wordnet.sh"),
                e.getMessage());
    }
}
