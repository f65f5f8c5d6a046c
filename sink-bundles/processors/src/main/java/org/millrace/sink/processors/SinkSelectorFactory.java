package org.millrace.sink.processors;

import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * Creates load_balance sink selectors; register as a service with {@code millrace.type} naming the selector, as
 * configurations write it in {@code processor.selector}.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface SinkSelectorFactory {

    /**
     * A selector over the group's sinks.
     *
     * @param config the group's {@code processor.selector.*} properties, prefix removed
     * @param sinks the group's sinks in configured order
     */
    SinkSelector create(ComponentConfig config, List<String> sinks) throws ConfigurationException;
}
