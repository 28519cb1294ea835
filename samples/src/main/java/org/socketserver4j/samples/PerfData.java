package org.socketserver4j.samples;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A HotSpot JVM's performance counters, read from its PerfData file
 * ({@code /tmp/hsperfdata_USER/PID}, the one {@code jstat} reads) without attaching to it: the
 * file is mapped read-only and its counters read in place, as the JVM updates them. The format:
 * a prologue (magic {@code 0xcafec0c0}, byte order, version 2.0, whether it is accessible, bytes
 * used, entry offset and count), then entries, each with its length, the offsets of its name and
 * data, a vector length (0: a scalar), a data type ({@code J}: a long, {@code B}: bytes, a string
 * when a vector), units and variability. Every offset is checked against the file; a file that is
 * not PerfData, or has changed shape, gives an {@link IOException} that says so.
 */
final class PerfData {

    /** What every PerfData file begins with, big-endian whatever the byte order of the rest. */
    static final int MAGIC = 0xcafec0c0;
    private static final int PROLOGUE_SIZE = 32;
    private static final int ENTRY_HEADER_SIZE = 20;
    private static final byte TYPE_LONG = 'J';
    private static final byte TYPE_BYTE = 'B';
    /** The used bytes of every space of every generation: their sum is the Java heap in use. */
    private static final Pattern HEAP_SPACE_USED =
            Pattern.compile("sun\\.gc\\.generation\\.\\d+\\.space\\.\\d+\\.used");
    private static final Pattern PERF_DATA_FILE = Pattern.compile(".*/hsperfdata_[^/]+/\\d+");

    private final Path file;
    private final MappedByteBuffer data;
    /** The entry count {@link #entries} was read at. */
    private int indexedEntries = -1;
    /** Where each entry's data is, by name. */
    private Map<String, Entry> entries = Map.of();
    /** Where the heap spaces' used bytes are. */
    private List<Entry> heapSpaces = List.of();

    /** A counter's place in the file: its data's offset, its type and its vector length (0: a scalar). */
    private record Entry(int dataOffset, byte type, int vectorLength) {}

    private PerfData(Path file, MappedByteBuffer data) {
        this.file = file;
        this.data = data;
    }

    /**
     * Maps {@code file} and checks its prologue.
     *
     * @throws IOException if it cannot be read, or is not a PerfData file this reader knows
     */
    static PerfData open(Path file) throws IOException {
        MappedByteBuffer data;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < PROLOGUE_SIZE) {
                throw new IOException(file + ": " + size + " bytes, too short for a PerfData prologue");
            }
            if (size > Integer.MAX_VALUE) {
                throw new IOException(file + ": " + size + " bytes, too long for a PerfData file");
            }
            data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        PerfData perfData = new PerfData(file, data);
        perfData.index();
        return perfData;
    }

    /**
     * The PerfData file of the running JVM {@code pid}: the one it has mapped, as
     * {@code /proc/PID/maps} lists it (so not a file left behind by an earlier process of the same
     * id); empty if it maps none (not a JVM, or one run with {@code -XX:-UsePerfData}) or the OS
     * does not tell.
     *
     * @throws IOException if the file it maps cannot be read or is not PerfData
     */
    static Optional<PerfData> ofProcess(long pid) throws IOException {
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<Path> file = perfDataFile(maps, pid);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(open(file.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The {@code hsperfdata_USER/PID} file among the mappings of {@code /proc/PID/maps}, if any. */
    static Optional<Path> perfDataFile(List<String> maps, long pid) {
        for (String line : maps) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash).trim();
            if (PERF_DATA_FILE.matcher(path).matches() && path.endsWith("/" + pid)) {
                return Optional.of(Path.of(path));
            }
        }
        return Optional.empty();
    }

    /** The file it reads. */
    Path file() {
        return file;
    }

    /**
     * Every counter, by name: longs as {@link Long}, byte vectors as strings (up to their first
     * NUL); other types left out.
     *
     * @throws IOException if the file has changed shape
     */
    Map<String, Object> counters() throws IOException {
        refreshIndex();
        Map<String, Object> counters = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            if (entry.type() == TYPE_LONG && entry.vectorLength() == 0) {
                counters.put(e.getKey(), read(entry));
            } else if (entry.type() == TYPE_BYTE && entry.vectorLength() > 0) {
                counters.put(e.getKey(), string(entry));
            }
        }
        return counters;
    }

    /**
     * The long counter {@code name} as it is now; empty if there is none of that name and type.
     *
     * @throws IOException if the file has changed shape
     */
    OptionalLong longCounter(String name) throws IOException {
        refreshIndex();
        Entry entry = entries.get(name);
        return entry == null || entry.type() != TYPE_LONG || entry.vectorLength() != 0
                ? OptionalLong.empty() : OptionalLong.of(read(entry));
    }

    /**
     * The Java heap in use now: the sum of the used bytes of every space of every generation
     * ({@code sun.gc.generation.N.space.M.used}). The collector sets them: G1 follows eden region
     * by region, Parallel and Serial only at each collection.
     *
     * @throws IOException if the JVM publishes no heap spaces, or the file has changed shape
     */
    long heapUsedBytes() throws IOException {
        refreshIndex();
        if (heapSpaces.isEmpty()) {
            throw new IOException(file + ": no sun.gc.generation.N.space.M.used counters");
        }
        long sum = 0;
        for (Entry space : heapSpaces) {
            sum += read(space);
        }
        return sum;
    }

    /**
     * Reads the entries again if their count changed (a JVM adds counters as it goes), checking
     * the prologue again on the way; or if the magic has gone (the file was overwritten), which
     * that check then reports.
     */
    private void refreshIndex() throws IOException {
        int count = guarded(() -> data.getInt(28));
        int magic = guarded(() -> data.getInt(0));
        if (data.order() == ByteOrder.LITTLE_ENDIAN) {
            magic = Integer.reverseBytes(magic);
        }
        if (count != indexedEntries || magic != MAGIC) {
            index();
        }
    }

    /** A read of the mapped file. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code read}, turning the fault of a mapping whose file was cut short (the JVM raises
     * an {@link InternalError} for it) into an {@link IOException}.
     */
    private <T> T guarded(Read<T> read) throws IOException {
        try {
            return read.run();
        } catch (InternalError e) {
            throw new IOException(file + ": cut short while read", e);
        }
    }

    /** Reads the prologue and where each entry is, checking every offset. */
    private void index() throws IOException {
        guarded(() -> {
            indexUnguarded();
            return null;
        });
    }

    private void indexUnguarded() throws IOException {
        data.order(ByteOrder.BIG_ENDIAN);
        int magic = data.getInt(0);
        if (magic != MAGIC) {
            throw new IOException(String.format("%s: not a PerfData file (magic 0x%08x, not 0x%08x)", file, magic,
                    MAGIC));
        }
        byte byteOrder = data.get(4);
        if (byteOrder != 0 && byteOrder != 1) {
            throw new IOException(file + ": byte order " + byteOrder + " is neither 0 (big) nor 1 (little)");
        }
        data.order(byteOrder == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int major = data.get(5);
        int minor = data.get(6);
        if (major != 2) {
            throw new IOException(file + ": PerfData version " + major + "." + minor + ", not 2.x");
        }
        if (data.get(7) == 0) {
            throw new IOException(file + ": not accessible yet (the JVM is still starting)");
        }
        int used = Math.min(data.getInt(8), data.capacity());
        int entryOffset = data.getInt(24);
        int count = data.getInt(28);
        Map<String, Entry> read = new LinkedHashMap<>();
        List<Entry> spaces = new ArrayList<>();
        int at = entryOffset;
        for (int i = 0; i < count; i++) {
            int length = checkedInt(at, ENTRY_HEADER_SIZE, used, "entry " + i);
            if (length < ENTRY_HEADER_SIZE || length > used - at) {
                throw new IOException(file + ": entry " + i + " at " + at + " has length " + length
                        + ", outside the " + used + " bytes used");
            }
            String name = name(at, data.getInt(at + 4), length, i);
            int vectorLength = data.getInt(at + 8);
            byte type = data.get(at + 12);
            int dataOffset = data.getInt(at + 16);
            int size = type == TYPE_LONG ? 8 * Math.max(1, vectorLength) : Math.max(1, vectorLength);
            if (vectorLength < 0 || dataOffset < ENTRY_HEADER_SIZE || dataOffset > length - size) {
                throw new IOException(file + ": entry " + name + "'s data is outside its " + length + " bytes");
            }
            Entry entry = new Entry(at + dataOffset, type, vectorLength);
            read.put(name, entry);
            if (type == TYPE_LONG && vectorLength == 0 && HEAP_SPACE_USED.matcher(name).matches()) {
                spaces.add(entry);
            }
            at += length;
        }
        entries = read;
        heapSpaces = spaces;
        indexedEntries = count;
    }

    /** The int at {@code at}, checking that {@code need} bytes from there lie within {@code used}. */
    private int checkedInt(int at, int need, int used, String what) throws IOException {
        if (at < PROLOGUE_SIZE || at > used - need) {
            throw new IOException(file + ": " + what + " at " + at + " is outside the " + used + " bytes used");
        }
        return data.getInt(at);
    }

    /** The NUL-terminated name of the entry at {@code at}, within its {@code length} bytes. */
    private String name(int at, int nameOffset, int length, int index) throws IOException {
        if (nameOffset < ENTRY_HEADER_SIZE || nameOffset >= length) {
            throw new IOException(file + ": entry " + index + "'s name is outside its " + length + " bytes");
        }
        int end = at + nameOffset;
        while (end < at + length && data.get(end) != 0) {
            end++;
        }
        if (end == at + length) {
            throw new IOException(file + ": entry " + index + "'s name has no end");
        }
        byte[] bytes = new byte[end - at - nameOffset];
        data.get(at + nameOffset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private long read(Entry entry) throws IOException {
        return guarded(() -> data.getLong(entry.dataOffset()));
    }

    /** A byte vector up to its first NUL. */
    private String string(Entry entry) throws IOException {
        byte[] bytes = new byte[entry.vectorLength()];
        guarded(() -> data.get(entry.dataOffset(), bytes));
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
