package org.socketserver4j.core;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a Unix-domain listener's socket file, as the best servers handle it:
 * <ul>
 *   <li>before binding, a socket file with no live server behind it (a connection to it is
 *       refused) is a leftover of an earlier run and is removed;</li>
 *   <li>a live server on the path, or a path holding anything that is not a socket (a regular
 *       file, a directory, a symbolic link), is an error naming the path, and the file is left
 *       untouched;</li>
 *   <li>right after binding the file gets the permissions asked for, and its identity (device,
 *       inode and times) is recorded;</li>
 *   <li>on close the file is removed only if it is still the one bound: a file another server
 *       has since bound on the same path is left alone.</li>
 * </ul>
 * The check and the removal before binding are not atomic: two servers starting on one path at
 * the same instant may both pass the check, and one of them then fails to bind.
 */
final class UnixSocketFile {

    private static final Logger log = LoggerFactory.getLogger(UnixSocketFile.class);
    /** The file type bits of {@code unix:mode}, and the value of a socket (S_IFMT, S_IFSOCK). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private Object boundKey;

    private UnixSocketFile(Path path) {
        this.path = path;
    }

    /**
     * Makes {@code address}'s path ready to bind: removes a stale socket file, refuses a live
     * one or a file that is not a socket.
     *
     * @throws BindException naming the path when a server listens there or the file is not a socket
     */
    static UnixSocketFile prepare(UnixDomainSocketAddress address) throws IOException {
        Path path = address.getPath();
        UnixSocketFile file = new UnixSocketFile(path);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return file;
        }
        if (!isSocket(path)) {
            throw new BindException("cannot bind " + path + ": the path exists and is not a socket;"
                    + " it is left as it is");
        }
        if (isLive(address)) {
            throw new BindException("cannot bind " + path + ": a server is listening there");
        }
        log.info("removing the stale socket file {} (no server listens there)", path);
        Files.deleteIfExists(path);
        return file;
    }

    /**
     * Applies {@code permissions} (when not {@code null}) to the freshly bound file and records
     * which file it is.
     */
    void bound(Set<PosixFilePermission> permissions) throws IOException {
        if (permissions != null) {
            Files.setPosixFilePermissions(path, permissions);
        }
        boundKey = fileKey(path);
    }

    /** Removes the file if it is still the one bound; a failure is only logged. Idempotent. */
    void remove() {
        if (boundKey == null) {
            return;
        }
        try {
            Object now = fileKey(path);
            if (Objects.equals(now, boundKey)) {
                Files.deleteIfExists(path);
            } else {
                log.warn("not removing {}: it is no longer the socket file this server bound", path);
            }
        } catch (NoSuchFileException gone) {
            log.debug("socket file {} was already removed", path);
        } catch (IOException e) {
            log.warn("cannot remove the socket file {}: {}", path, e.toString());
        } finally {
            boundKey = null;
        }
    }

    /** The path. */
    Path path() {
        return path;
    }

    /**
     * What identifies the file: its key (device and inode) and its times, since a deleted
     * file's inode number is soon reused by the next file made in the same directory.
     */
    private static Object fileKey(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.fileKey() == null) {
            throw new IOException("no file key for " + path + " on this file system");
        }
        return List.of(attributes.fileKey(), attributes.creationTime(), attributes.lastModifiedTime());
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // no unix view (not a Unix file system): a socket is at least "other"
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        }
    }

    /**
     * Whether a server accepts connections on {@code address}: refused means a stale file. The
     * probe does not block, so a live server with a full backlog counts as live too.
     */
    private static boolean isLive(UnixDomainSocketAddress address) throws IOException {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(address);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }
}
