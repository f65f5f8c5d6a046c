package org.millrace.serialization.internal;

import java.util.Map;
import org.millrace.api.ComponentConfig;
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
    private final TypeCatalog<EventSerializerFactory> types = new TypeCatalog<>("serializer");

    /** A catalog of the built-in types only, outside OSGi. */
    public static SerializerCatalog withBuiltIns() {
        SerializerCatalog catalog = new SerializerCatalog();
        catalog.types.add(new TextSerializerFactory(), TextSerializerFactory.TYPES);
        catalog.types.add(new HeaderAndTextSerializerFactory(), HeaderAndTextSerializerFactory.TYPES);
        catalog.types.add(new AvroEventSerializerFactory(), AvroEventSerializerFactory.TYPES);
        return catalog;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFactory(EventSerializerFactory factory, Map<String, Object> properties) {
        types.add(factory, ConnectorTypes.names(properties.get(ConnectorTypes.TYPE)));
    }

    void removeFactory(EventSerializerFactory factory) {
        types.remove(factory);
    }

    @Override
    public EventFormat format(ComponentConfig config, String property, String defaultType)
            throws ConfigurationException {
        return types.factory(config, property, defaultType).create(config.subset(property + "."));
    }
}
