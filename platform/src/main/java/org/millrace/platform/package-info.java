/**
 * What the platform tells the outside about running agents: the {@link org.millrace.platform.Agents} service
 * and its status records, used by the console commands, monitoring and integration tests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.millrace.platform;
