package org.socketserver4j.samples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.socketserver4j.core.tls.SelfSignedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tls-selfsigned}: writes a self-signed certificate ({@code cert.pem}) and its key
 * ({@code key.pem}) for trying TLS out, and prints their two paths, the certificate first.
 */
@Command(name = "tls-selfsigned", mixinStandardHelpOptions = true,
        description = {"Writes a self-signed certificate (cert.pem) and its PKCS#8 key (key.pem) in DIR,"
                + " made by the JDK's keytool, and prints their paths, the certificate first.",
                "Try it: serve --tls-cert=DIR/cert.pem --tls-key=DIR/key.pem, then"
                        + " openssl s_client -connect 127.0.0.1:8000 or curl --cacert DIR/cert.pem."})
public final class TlsSelfSignedCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "Folder to write cert.pem and key.pem in (made if missing; files there are replaced).")
    private Path dir;

    @Option(names = "--host", paramLabel = "NAME",
            description = "A host name or IP address the certificate is for (repeatable; default: localhost);"
                    + " 127.0.0.1 is always added.")
    private List<String> hosts = new ArrayList<>();

    /** Makes the command; picocli fills in the options. */
    public TlsSelfSignedCommand() {}

    /**
     * Writes the two files and prints their paths.
     *
     * @return 0
     * @throws Exception if keytool fails or the files cannot be written
     */
    @Override
    public Integer call() throws Exception {
        SelfSignedCertificate files = SelfSignedCertificate.generate(dir, hosts.toArray(String[]::new));
        spec.commandLine().getOut().println(files.certificate());
        spec.commandLine().getOut().println(files.privateKey());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
