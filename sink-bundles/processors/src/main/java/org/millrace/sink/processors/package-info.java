/**
 * Extension point of the load_balance sink processor: a bundle registering a {@link SinkSelectorFactory} service
 * with {@code millrace.type=<name>} provides {@code processor.selector = <name>}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.millrace.sink.processors;
