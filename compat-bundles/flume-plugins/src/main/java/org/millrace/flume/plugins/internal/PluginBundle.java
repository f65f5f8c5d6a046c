package org.millrace.flume.plugins.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One plugins.d folder as an OSGi bundle: Flume puts the JARs of {@code lib/} and {@code libext/} on one class
 * path; here they are the bundle's own class path, so each plugin keeps its dependencies to itself. Flume's API
 * comes from this bundle's exports, anything else a plugin loads from what the framework exports (Flume's
 * {@code lib/} had Guava, commons-lang, commons-io...): {@code DynamicImport-Package: *}.
 *
 * @param folder the plugin folder, e.g. {@code plugins.d/acme}
 * @param name the plugin folder's name
 * @param jars the JARs, as {@code lib/x.jar} and {@code libext/y.jar} under the folder, in order
 * @param fingerprint what changes when a JAR is added, removed or replaced
 */
record PluginBundle(Path folder, String name, List<String> jars, String fingerprint) {
    /** Where a plugin bundle's location starts; the folder's path follows. */
    static final String LOCATION = "flume-plugin:";
    /** The manifest header that holds the fingerprint of the JARs a bundle was made from. */
    static final String FINGERPRINT = "Millrace-Flume-Plugin-Fingerprint";

    /** The plugin in a plugins.d folder, or {@code null} if it holds no JAR in lib/ or libext/. */
    static PluginBundle of(Path folder) throws IOException {
        List<String> jars = new ArrayList<>();
        MessageDigest digest = sha256();
        for (String sub : List.of("lib", "libext")) {
            Path dir = folder.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    String entry = sub + "/" + jar.getFileName();
                    jars.add(entry);
                    digest.update((entry + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()
                            + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return jars.isEmpty() ? null : new PluginBundle(folder, folder.getFileName().toString(), List.copyOf(jars),
                HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first of its JARs that is not a whole ZIP archive (a copy still being written ends without the archive's
     * directory), as {@code lib/x.jar}; {@code null} if every one is whole.
     */
    String unfinishedJar() {
        for (String entry : jars) {
            try (ZipFile ignored = new ZipFile(folder.resolve(entry).toFile())) {
                // opening reads the central directory at the end of the archive
            } catch (IOException e) {
                return entry;
            }
        }
        return null;
    }

    /** The bundle location of this plugin's folder. */
    String location() {
        return location(folder);
    }

    /** The bundle location of a plugin folder, or the start of those under a plugins.d folder. */
    static String location(Path folder) {
        return LOCATION + folder.toAbsolutePath().normalize();
    }

    /**
     * Writes the bundle: a manifest and the folder's JARs.
     *
     * @param flumePackages the Flume API packages to import (this bundle's exports)
     */
    void write(OutputStream out, List<String> flumePackages) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "flume-plugin." + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
        main.putValue("Bundle-Version", "0.0.0");
        main.putValue("Bundle-Name", "Flume plugin " + name + " (plugins.d)");
        main.putValue("Bundle-ClassPath", "." + jars.stream().map(j -> "," + j).reduce("", String::concat));
        main.putValue("Import-Package", String.join(",", flumePackages));
        main.putValue("DynamicImport-Package", "*");
        main.putValue(FINGERPRINT, fingerprint);
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (String entry : jars) {
                jar.putNextEntry(new ZipEntry(entry));
                Files.copy(folder.resolve(entry), jar);
                jar.closeEntry();
            }
        }
    }
}
