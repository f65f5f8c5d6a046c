package org.millrace.flume.plugins.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.millrace.flume.plugins.cfg}: where Flume plugins are read from, as Flume's {@code plugins.d}. */
@ObjectClassDefinition(name = "Millrace Flume plugins",
        description = "Plugins built for Flume, in Flume's plugins.d layout: one folder per plugin, its JARs in lib/,"
                + " their dependencies in libext/; each folder becomes one bundle, updated when its JARs change")
public @interface PluginFolderConfig {

    /** The plugins.d folder; relative to Karaf's base folder. */
    @AttributeDefinition(description = "The plugins.d folder, relative to Karaf's base folder")
    String directory() default "plugins.d";

    /** How often the folder is looked at, in milliseconds. */
    @AttributeDefinition(min = "100", description = "How often the folder is scanned for changes, in milliseconds")
    long poll_interval() default 2000;
}
