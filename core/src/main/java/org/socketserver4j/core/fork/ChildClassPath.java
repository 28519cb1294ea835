package org.socketserver4j.core.fork;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The lean class path of a child: where the handler, core and core's dependencies come from. */
public final class ChildClassPath {

    private ChildClassPath() {}

    /**
     * The code sources of {@code handlerClass} and of the classes and interfaces it extends
     * (outside the JDK), of core ({@link ChildMain}), of slf4j-api and of HdrHistogram, in that
     * order without repeats; this JVM's class path if one of them has no file code source.
     */
    public static String lean(Class<?> handlerClass) {
        List<Class<?>> types = new ArrayList<>();
        addHierarchy(handlerClass, types);
        types.addAll(List.of(ChildMain.class, org.slf4j.LoggerFactory.class,
                org.HdrHistogram.Histogram.class));
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : types) {
            Path source = codeSource(type);
            if (source == null) {
                return System.getProperty("java.class.path");
            }
            entries.add(source.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** {@code type}, then its superclasses and interfaces that are not the JDK's. */
    private static void addHierarchy(Class<?> type, List<Class<?>> into) {
        if (type == null || into.contains(type) || type.getClassLoader() == null
                || type.getModule().isNamed() && type.getModule().getLayer() == ModuleLayer.boot()) {
            return;
        }
        into.add(type);
        addHierarchy(type.getSuperclass(), into);
        for (Class<?> implemented : type.getInterfaces()) {
            addHierarchy(implemented, into);
        }
    }

    /** The jar or class folder {@code type} was loaded from, or {@code null} if unknown. */
    public static Path codeSource(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
