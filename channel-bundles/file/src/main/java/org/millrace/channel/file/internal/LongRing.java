package org.millrace.channel.file.internal;

/** A growable double-ended queue of longs: a million event pointers in 8 MB, not a million boxed objects. */
final class LongRing {
    private long[] items = new long[1024];
    private int head;
    private int size;

    int size() {
        return size;
    }

    void addLast(long value) {
        grow();
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    void addFirst(long value) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = value;
        size++;
    }

    /** Removes the head; the ring must not be empty. */
    long removeFirst() {
        long value = items[head];
        head = (head + 1) & (items.length - 1);
        size--;
        return value;
    }

    /** Copies the values, head first, into {@code into} from index {@code at} on. */
    void copyTo(long[] into, int at) {
        int first = Math.min(size, items.length - head);
        System.arraycopy(items, head, into, at, first);
        System.arraycopy(items, 0, into, at + first, size - first);
    }

    private void grow() {
        if (size == items.length) {
            long[] bigger = new long[items.length * 2];
            copyTo(bigger, 0);
            items = bigger;
            head = 0;
        }
    }
}
