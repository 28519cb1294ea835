package org.socketserver4j.core.loop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open connections per client IP address against a limit. Addresses that are not IP
 * (Unix-domain peers) are not limited. An address with no open connection is forgotten.
 */
final class AddressLimiter {

    private final int limit;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    AddressLimiter(int limit) {
        this.limit = limit;
    }

    /** Takes a place for {@code peer}; returns false when its address is at the limit. */
    boolean tryAcquire(SocketAddress peer) {
        InetAddress address = ipOf(peer);
        if (limit == 0 || address == null) {
            return true;
        }
        boolean[] acquired = {false};
        open.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    /** Gives back the place {@code peer} took. */
    void release(SocketAddress peer) {
        InetAddress address = ipOf(peer);
        if (limit == 0 || address == null) {
            return;
        }
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Addresses with at least one open connection. */
    int trackedAddresses() {
        return open.size();
    }

    private static InetAddress ipOf(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
