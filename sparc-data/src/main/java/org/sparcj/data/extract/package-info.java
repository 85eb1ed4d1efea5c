/**
 * Feature extraction with real pretrained text models that ship inside Maven Central jars
 * (LangChain4j in-process ONNX models, run by ONNX Runtime in the JVM; DJL's tokenizer native
 * library is unpacked from its jar under ~/.djl.ai). Nothing is downloaded at run time.
 * <ul>
 *   <li>{@link org.sparcj.data.extract.TextEmbedders#byName(String)}: "minilm", "bge", "e5" (384-d each).</li>
 *   <li>{@link org.sparcj.data.extract.FeatureExtractor}: samples (id + texts by field) x streams
 *       (stream name, field, model) into aligned feature rows, batch by batch.</li>
 * </ul>
 */
package org.sparcj.data.extract;
