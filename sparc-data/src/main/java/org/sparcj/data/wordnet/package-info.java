/**
 * The WordNet noun benchmark: WordNet 3.0's noun synsets (Debian wordnet-base, installed by
 * scripts/setup-wordnet.sh) as samples, their hypernym tree as the label taxonomy, their lemma
 * names and glosses embedded by real models as streams.
 * <ul>
 *   <li>{@link org.sparcj.data.wordnet.WordNetNouns}: streamed parser of data.noun.</li>
 *   <li>{@link org.sparcj.data.wordnet.WordNetHierarchy}: hypernym DAG to tree, longest path to entity.</li>
 *   <li>{@link org.sparcj.data.wordnet.WordNetBenchmark}: draws synsets and writes the labelled dataset.</li>
 * </ul>
 */
package org.sparcj.data.wordnet;
