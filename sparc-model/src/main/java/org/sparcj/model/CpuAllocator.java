package org.sparcj.model;

/**
 * Which CPU allocator TensorFlow uses in this process, as the benchmarks print it beside their figures.
 * TensorFlow reads {@code TF_CPU_ALLOCATOR_USE_BFC} when it first allocates, so the launcher sets it per
 * command (scripts/tf-env.sh): pooling for training, the system allocator for inference.
 */
public final class CpuAllocator {
    private CpuAllocator() {
    }

    /** True when TensorFlow pools its buffers (BFC). */
    public static boolean pooled() {
        return "true".equalsIgnoreCase(System.getenv("TF_CPU_ALLOCATOR_USE_BFC"));
    }

    /** One line: the allocator and, for the system one, the mmap threshold that sends freed buffers back to the OS. */
    public static String describe() {
        if (pooled()) return "TensorFlow CPU allocator: BFC (pooling)";
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        return "TensorFlow CPU allocator: the system's, " + (threshold == null || threshold.isBlank()
                ? "glibc's adaptive mmap threshold"
                : "freed buffers above " + threshold.strip() + " bytes back to the OS (MALLOC_MMAP_THRESHOLD_)");
    }
}
