package org.millrace.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's ip filter of a server (the avro and thrift sources take these keys). */
@ObjectClassDefinition(name = "Millrace ip filter", description = "Which peers may connect to a source")
public @interface IpFilterConfig {

    /** Whether ipFilterRules apply. */
    @AttributeDefinition(description = "Set this to true to enable ipFiltering for netty")
    boolean ipFilter() default false;

    /** Flume's rules, e.g. allow:ip:127.*,deny:ip:*; the first match decides, no match allows. */
    @AttributeDefinition(required = false, description = "Comma-separated allow|deny:ip|name:<glob> rules; the first"
            + " that matches decides, a peer no rule matches is allowed")
    String ipFilterRules() default "";
}
