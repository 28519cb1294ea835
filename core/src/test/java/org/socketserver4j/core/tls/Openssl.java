package org.socketserver4j.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} command, where installed: tests that need it are skipped elsewhere. */
final class Openssl {

    private Openssl() {}

    /** Skips the test unless {@code openssl} runs. */
    static void assumeInstalled() {
        boolean runs;
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            runs = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            runs = false;
        }
        assumeTrue(runs, "openssl is not installed");
    }

    /** Runs {@code openssl args} in {@code dir} and checks that it succeeded. */
    static void run(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", args, output).isZero();
    }

    /**
     * A self-signed certificate {@code name.crt} and its PKCS#8 key {@code name.key} in
     * {@code dir}, made with {@code -newkey newKey} ({@code rsa:2048}, {@code ec}, {@code ed25519}).
     */
    static SelfSignedCertificate certificate(Path dir, String name, String newKey, String... keyOptions)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("req", "-x509", "-newkey", newKey));
        args.addAll(List.of(keyOptions));
        args.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".crt", "-days", "2",
                "-subj", "/CN=" + name));
        run(dir, args.toArray(String[]::new));
        return new SelfSignedCertificate(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    }
}
