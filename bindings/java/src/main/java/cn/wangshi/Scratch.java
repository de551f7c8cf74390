package cn.wangshi;

import com.sun.jna.Memory;

/**
 * Native memory for one batch call: the columns are copied in, the library writes its results
 * beside them, and they are copied out into Java arrays. Each thread keeps one block (up to
 * {@link #KEEP} bytes) for its next call, so a steady stream of batches touches warm pages
 * instead of mapping fresh ones every time; larger blocks are freed after the call.
 */
final class Scratch implements AutoCloseable {
    /** The largest block a thread keeps between calls: 64 MiB (two million visit rows). */
    static final long KEEP = 64L << 20;

    private static final ThreadLocal<Memory> KEPT = new ThreadLocal<>();

    final Memory mem;
    private final boolean kept;

    private Scratch(Memory mem, boolean kept) {
        this.mem = mem;
        this.kept = kept;
    }

    /** A block of at least {@code bytes} bytes for the calling thread. */
    static Scratch of(long bytes) {
        if (bytes > KEEP) {
            return new Scratch(new Memory(bytes), false);
        }
        Memory m = KEPT.get();
        if (m == null || m.size() < bytes) {
            if (m != null) {
                m.close();
            }
            m = new Memory(Math.max(bytes, 1 << 16));
            KEPT.set(m);
        }
        return new Scratch(m, true);
    }

    @Override
    public void close() {
        if (!kept) {
            mem.close();
        }
    }
}
