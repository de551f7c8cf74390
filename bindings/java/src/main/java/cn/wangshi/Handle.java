package cn.wangshi;

import com.sun.jna.Pointer;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An owned pointer to an immutable library object. Any number of threads may use one at once;
 * {@link #close()} waits for the calls in progress and makes later ones fail with {@link
 * IllegalStateException} instead of touching freed memory.
 */
abstract class Handle implements AutoCloseable {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Pointer ptr;

    Handle(Pointer ptr) {
        this.ptr = ptr;
    }

    /** The live pointer, with the read lock held: pair with {@link #release()}. */
    final Pointer acquire() {
        lock.readLock().lock();
        if (ptr == null) {
            lock.readLock().unlock();
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        return ptr;
    }

    final void release() {
        lock.readLock().unlock();
    }

    abstract void free(Pointer p);

    /** Frees the library object; later calls fail. Closing twice does nothing. */
    @Override
    public final void close() {
        lock.writeLock().lock();
        try {
            if (ptr != null) {
                free(ptr);
                ptr = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
