package org.millrace.serialization.internal;

import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.serialization.EventDeserializerFactory;
import org.millrace.serialization.EventDeserializers;
import org.millrace.serialization.EventInputFormat;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The deserializer factories registered now, by type name (whiteboard); the built-in ones register like others. */
@Component(service = EventDeserializers.class)
public final class DeserializerCatalog implements EventDeserializers {
    private final TypeCatalog<EventDeserializerFactory> types = new TypeCatalog<>("deserializer");

    /** A catalog of the built-in types only, outside OSGi. */
    public static DeserializerCatalog withBuiltIns() {
        DeserializerCatalog catalog = new DeserializerCatalog();
        catalog.types.add(new LineDeserializerFactory(), LineDeserializerFactory.TYPES);
        catalog.types.add(new AvroEventDeserializerFactory(), AvroEventDeserializerFactory.TYPES);
        catalog.types.add(new BlobDeserializerFactory(), BlobDeserializerFactory.TYPES);
        return catalog;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFactory(EventDeserializerFactory factory, Map<String, Object> properties) {
        types.add(factory, ConnectorTypes.names(properties.get(ConnectorTypes.TYPE)));
    }

    void removeFactory(EventDeserializerFactory factory) {
        types.remove(factory);
    }

    @Override
    public EventInputFormat format(ComponentConfig config, String property, String defaultType)
            throws ConfigurationException {
        return types.factory(config, property, defaultType).create(config.subset(property + "."));
    }
}
