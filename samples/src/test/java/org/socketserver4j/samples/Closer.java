package org.socketserver4j.samples;

import java.util.ArrayList;
import java.util.List;

/** What a test opened, closed after it in the reverse order. */
final class Closer {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Remembers {@code resource} for {@link #closeAll}; returns it. */
    <T extends AutoCloseable> T add(T resource) {
        opened.add(resource);
        return resource;
    }

    /** Closes everything added, last first. */
    void closeAll() throws Exception {
        for (AutoCloseable resource : opened.reversed()) {
            resource.close();
        }
        opened.clear();
    }
}
