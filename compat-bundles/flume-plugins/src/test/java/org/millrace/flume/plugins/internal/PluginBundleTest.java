package org.millrace.flume.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginBundleTest {
    @TempDir
    Path plugins;

    private Path jar(String path, String content) throws Exception {
        Path file = plugins.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aFolderWithoutJarsInLibOrLibextIsNoPlugin() throws Exception {
        jar("acme/README.jar.txt", "x");
        jar("acme/native/libacme.so", "x");
        assertNull(PluginBundle.of(plugins.resolve("acme")));
    }

    @Test
    void theBundleCarriesLibThenLibextJarsOnItsClassPathAndImportsFlumesApi() throws Exception {
        jar("acme/lib/acme-interceptor.jar", "plugin");
        jar("acme/libext/a-dependency.jar", "dependency");
        jar("acme/lib/notes.txt", "not a jar");
        PluginBundle plugin = PluginBundle.of(plugins.resolve("acme"));
        assertEquals(List.of("lib/acme-interceptor.jar", "libext/a-dependency.jar"), plugin.jars());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        plugin.write(out, List.of("org.apache.flume", "org.apache.flume.interceptor"));
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            Attributes main = in.getManifest().getMainAttributes();
            assertEquals("flume-plugin.acme", main.getValue("Bundle-SymbolicName"));
            assertEquals(".,lib/acme-interceptor.jar,libext/a-dependency.jar", main.getValue("Bundle-ClassPath"));
            assertEquals("org.apache.flume,org.apache.flume.interceptor", main.getValue("Import-Package"));
            assertEquals("*", main.getValue("DynamicImport-Package"));
            assertEquals(plugin.fingerprint(), main.getValue(PluginBundle.FINGERPRINT));
            JarEntry first = in.getNextJarEntry();
            assertEquals("lib/acme-interceptor.jar", first.getName());
            assertArrayEquals("plugin".getBytes(), in.readAllBytes());
            assertEquals("libext/a-dependency.jar", in.getNextJarEntry().getName());
        }
        assertEquals("flume-plugin:" + plugins.resolve("acme").toAbsolutePath(), plugin.location());
    }

    @Test
    void theFingerprintChangesWhenAJarIsReplacedAddedOrRemoved() throws Exception {
        Path lib = jar("acme/lib/acme.jar", "v1");
        String first = PluginBundle.of(plugins.resolve("acme")).fingerprint();
        assertEquals(first, PluginBundle.of(plugins.resolve("acme")).fingerprint());

        Files.writeString(lib, "v2");
        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() + 2000));
        String replaced = PluginBundle.of(plugins.resolve("acme")).fingerprint();
        assertNotEquals(first, replaced);

        Path dependency = jar("acme/libext/dep.jar", "d");
        String added = PluginBundle.of(plugins.resolve("acme")).fingerprint();
        assertNotEquals(replaced, added);

        Files.delete(dependency);
        assertEquals(replaced, PluginBundle.of(plugins.resolve("acme")).fingerprint());
    }

    @Test
    void aJarStillBeingCopiedIsNotWholeUntilItsLastByteIsWritten() throws Exception {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(whole)) {
            out.putNextEntry(new JarEntry("com/acme/Plugin.class"));
            out.write(new byte[4096]);
        }
        byte[] bytes = whole.toByteArray();
        Files.write(jar("acme/lib/acme.jar", ""), bytes);
        Path dependency = Files.write(jar("acme/libext/dep.jar", ""), Arrays.copyOf(bytes, bytes.length - 30));
        assertEquals("libext/dep.jar", PluginBundle.of(plugins.resolve("acme")).unfinishedJar());

        Files.write(dependency, bytes);
        assertNull(PluginBundle.of(plugins.resolve("acme")).unfinishedJar());
    }
}
