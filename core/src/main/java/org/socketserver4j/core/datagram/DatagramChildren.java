package org.socketserver4j.core.datagram;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one datagram's handler in a child JVM of its own, as Python's ForkingUDPServer forks
 * per datagram: the parent writes the sender and the datagram to the child's stdin and reads
 * its replies from its stdout, then sends them itself (a child cannot use the server's
 * socket). At most {@code maxChildren} live at once; the others wait. Each datagram pays a
 * whole JVM start, tens of milliseconds of CPU: this is for isolation, not throughput.
 *
 * @param java the launcher
 * @param jvmOptions the child's JVM options
 * @param classPath the child's class path
 * @param handlerClass the handler, made by name in the child
 * @param serverAddress what the handler sees as {@code server.serverAddress()}
 * @param slots one permit per child allowed alive at once
 */
public record DatagramChildren(Path java, List<String> jvmOptions, String classPath, String handlerClass,
        String serverAddress, Semaphore slots) {

    private static final Logger log = LoggerFactory.getLogger(DatagramChildren.class);
    /** How long a child may take before it is killed and its datagram reported. */
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    /** Children of {@code handlerClass}, at most {@code maxChildren} alive at once. */
    public static DatagramChildren of(Path java, List<String> jvmOptions, String classPath, Class<?> handlerClass,
            SocketAddress serverAddress, int maxChildren) {
        return new DatagramChildren(java, List.copyOf(jvmOptions), classPath, handlerClass.getName(),
                String.valueOf(serverAddress), new Semaphore(maxChildren, true));
    }

    /**
     * Serves {@code data} from {@code sender} in a new child and returns its replies.
     *
     * @throws IOException if the child failed (non-zero exit, with its last stderr line) or timed out
     */
    public List<byte[]> serve(byte[] data, SocketAddress sender) throws IOException, InterruptedException {
        slots.acquire();
        try {
            return serveInChild(data, (InetSocketAddress) sender);
        } finally {
            slots.release();
        }
    }

    private List<byte[]> serveInChild(byte[] data, InetSocketAddress sender) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, DatagramChildMain.class.getName(), handlerClass, serverAddress));
        Process child = new ProcessBuilder(command).start();
        try {
            Thread stderr = Thread.ofVirtual().start(() -> logStderr(child));
            try (DataOutputStream in = new DataOutputStream(child.getOutputStream())) {
                byte[] address = sender.getAddress().getAddress();
                in.writeInt(address.length);
                in.write(address);
                in.writeInt(sender.getPort());
                in.writeInt(data.length);
                in.write(data);
            }
            List<byte[]> replies = readReplies(child.getInputStream());
            if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("child " + child.pid() + " for a datagram from " + sender
                        + " did not end within " + CHILD_TIMEOUT_SECONDS + " s");
            }
            stderr.join();
            if (child.exitValue() != 0) {
                throw new IOException("forked child " + child.pid() + " for a datagram from " + sender
                        + " exited with status " + child.exitValue()
                        + (child.exitValue() == DatagramChildMain.HANDLER_FAILED
                                ? " (its handler failed; see its stderr above)" : ""));
            }
            return replies;
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private static List<byte[]> readReplies(InputStream stdout) throws IOException {
        List<byte[]> replies = new ArrayList<>();
        try (DataInputStream out = new DataInputStream(stdout)) {
            while (true) {
                int length;
                try {
                    length = out.readInt();
                } catch (EOFException end) {
                    return replies;
                }
                replies.add(out.readNBytes(length));
            }
        }
    }

    private static void logStderr(Process child) {
        try (InputStream err = child.getErrorStream()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            err.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                log.warn("datagram child {}: {}", child.pid(), text);
            }
        } catch (IOException e) {
            log.debug("reading child {}'s stderr", child.pid(), e);
        }
    }
}
