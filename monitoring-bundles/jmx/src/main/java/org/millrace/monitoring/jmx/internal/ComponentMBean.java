package org.millrace.monitoring.jmx.internal;

import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import org.millrace.platform.Agents;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentStatus;

/**
 * One component's counters as a read-only MBean: Flume's attribute names (EventReceivedCount, ChannelSize, StartTime,
 * Type, ...), then the connector's own, read from the running component on every call. Its attribute list follows
 * the component: counters a connector adds while running appear when they are added.
 */
record ComponentMBean(Agents agents, String agent, ComponentKind kind, String name) implements DynamicMBean {

    private Map<String, Object> attributes() {
        return agents.get(agent).map(a -> a.component(kind, name)).map(ComponentStatus::counters).orElse(Map.of());
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Object value = attributes().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute + " is not an attribute of " + agent + "/" + name);
        }
        return value;
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        Map<String, Object> now = attributes();
        AttributeList out = new AttributeList();
        for (String n : names) {
            if (now.containsKey(n)) {
                out.add(new Attribute(n, now.get(n)));
            }
        }
        return out;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName), "no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo[] infos = attributes().entrySet().stream()
                .map(e -> new MBeanAttributeInfo(e.getKey(), javaType(e.getValue()), e.getKey(), true, false, false))
                .toArray(MBeanAttributeInfo[]::new);
        return new MBeanInfo(ComponentMBean.class.getName(), "Agent " + agent + ", " + kind.word() + " " + name
                + ": Flume's counters", infos, null, new MBeanOperationInfo[0], null);
    }

    private static String javaType(Object value) {
        return value instanceof Long ? "long" : value instanceof Double ? "double" : value.getClass().getName();
    }
}
