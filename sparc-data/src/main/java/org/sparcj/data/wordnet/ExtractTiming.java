package org.sparcj.data.wordnet;

import org.sparcj.data.extract.TextEmbedder;
import org.sparcj.data.extract.TextEmbedders;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times text embedding on this machine: the first N glosses (definitions) of WordNet's data.noun,
 * embedded by each registered model in batches.
 * <p>
 * Usage: {@code scripts/bench-extract.sh [count=1000] [batch=64] [data.noun path]}
 */
public final class ExtractTiming {
    private ExtractTiming() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path dataNoun = args.length > 2 ? Path.of(args[2]) : WordNetNouns.DEBIAN_DATA_NOUN;
        List<String> texts = new ArrayList<>(count);
        for (Synset s : WordNetNouns.readAll(dataNoun)) {
            if (texts.size() == count) break;
            texts.add(s.definition());
        }
        double chars = texts.stream().mapToInt(String::length).average().orElse(0);
        System.out.printf("%d glosses (mean %.0f chars), batch %d, %d processors%n",
                texts.size(), chars, batch, Runtime.getRuntime().availableProcessors());
        for (String name : TextEmbedders.knownNames()) {
            long t0 = System.nanoTime();
            TextEmbedder e = TextEmbedders.byName(name);
            e.embed(List.of("warm up"));
            long t1 = System.nanoTime();
            for (int i = 0; i < texts.size(); i += batch) e.embed(texts.subList(i, Math.min(texts.size(), i + batch)));
            long t2 = System.nanoTime();
            double s = (t2 - t1) / 1e9;
            System.out.printf("%-7s load %.2f s, embed %d texts %.2f s = %.0f texts/s%n",
                    name, (t1 - t0) / 1e9, texts.size(), s, texts.size() / s);
        }
    }
}
