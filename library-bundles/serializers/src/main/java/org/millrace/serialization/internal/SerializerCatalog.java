package org.millrace.serialization.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializerFactory;
import org.millrace.serialization.EventSerializers;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The serializer factories registered now, by type name (whiteboard); the built-in ones register like others. */
@Component(service = EventSerializers.class)
public final class SerializerCatalog implements EventSerializers {
    private final Map<String, EventSerializerFactory> byType = new ConcurrentHashMap<>();

    /** A catalog of the built-in types only, outside OSGi. */
    public static SerializerCatalog withBuiltIns() {
        SerializerCatalog catalog = new SerializerCatalog();
        catalog.add(new TextSerializerFactory(), TextSerializerFactory.TYPES);
        catalog.add(new HeaderAndTextSerializerFactory(), HeaderAndTextSerializerFactory.TYPES);
        catalog.add(new AvroEventSerializerFactory(), AvroEventSerializerFactory.TYPES);
        return catalog;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFactory(EventSerializerFactory factory, Map<String, Object> properties) {
        add(factory, ConnectorTypes.names(properties.get(ConnectorTypes.TYPE)));
    }

    void removeFactory(EventSerializerFactory factory) {
        byType.values().removeIf(f -> f == factory);
    }

    private void add(EventSerializerFactory factory, List<String> types) {
        types.forEach(t -> byType.put(t.toLowerCase(Locale.ROOT), factory));
    }

    @Override
    public EventFormat format(ComponentConfig config, String property, String defaultType)
            throws ConfigurationException {
        String configured = config.get(property);
        String type = configured == null || configured.isEmpty() ? defaultType : configured;
        EventSerializerFactory factory = byType.get(type.toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new ConfigurationException(ConfigProblem.typeNotInstalled(config.key(property), type, "serializer"));
        }
        return factory.create(config.subset(property + "."));
    }
}
