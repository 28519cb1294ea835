package org.socketserver4j.core.datagram;

/** The UDP options of a server: the largest datagram it takes and its receive buffer. */
public final class DatagramOptions {

    /** Python's default maximum datagram size: 8,192 bytes. */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = 8192;
    /** The largest UDP payload over IPv4: 65,535 less the IP and UDP headers. */
    public static final int MAX_UDP_PAYLOAD = 65_507;

    private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
    private int receiveBufferSize;

    /** The largest datagram served; longer ones are counted as truncated and dropped. */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /** Sets the largest datagram served, 1 to {@value #MAX_UDP_PAYLOAD} bytes. */
    public void setMaxDatagramSize(int bytes) {
        if (bytes < 1 || bytes > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("maxDatagramSize must be 1.." + MAX_UDP_PAYLOAD + ": " + bytes);
        }
        maxDatagramSize = bytes;
    }

    /** SO_RCVBUF asked for; 0 (the default) keeps the OS default. */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** Sets SO_RCVBUF (the kernel may round or cap it: Linux doubles it, up to rmem_max); 0: OS default. */
    public void setReceiveBufferSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("receiveBufferSize must be >= 0: " + bytes);
        }
        receiveBufferSize = bytes;
    }
}
